// The lanes' time axis, row by row: step <-> pixel mapping, zoom about an anchor, pan by a
// fraction, clamping to history; and the store's culling of spans to a visible range.

#include "lanes/laneitems.h"
#include "lanes/lanegeometry.h"
#include "lanes/lanestore.h"

#include <QTest>

namespace racescope::ui {

class TestLaneGeometry : public QObject {
    Q_OBJECT
private slots:
    void mapStepToX_data()
    {
        QTest::addColumn<double>("first");
        QTest::addColumn<double>("last");
        QTest::addColumn<double>("left");
        QTest::addColumn<double>("width");
        QTest::addColumn<double>("step");
        QTest::addColumn<double>("x");
        QTest::newRow("left edge") << 0.0 << 100.0 << 0.0 << 1000.0 << 0.0 << 0.0;
        QTest::newRow("right edge") << 0.0 << 100.0 << 0.0 << 1000.0 << 100.0 << 1000.0;
        QTest::newRow("middle") << 0.0 << 100.0 << 0.0 << 1000.0 << 50.0 << 500.0;
        QTest::newRow("offset axis") << 200.0 << 300.0 << 40.0 << 500.0 << 250.0 << 290.0;
        QTest::newRow("before the range") << 200.0 << 300.0 << 40.0 << 500.0 << 100.0 << -460.0;
        QTest::newRow("fractional steps") << 0.5 << 1.5 << 0.0 << 100.0 << 1.0 << 50.0;
    }
    void mapStepToX()
    {
        QFETCH(double, first);
        QFETCH(double, last);
        QFETCH(double, left);
        QFETCH(double, width);
        QFETCH(double, step);
        QFETCH(double, x);
        const LaneGeometry g{first, last, left, width};
        QCOMPARE(g.mapStepToX(step), x);
        QCOMPARE(g.mapXToStep(x), step);
    }

    void zoom_data()
    {
        QTest::addColumn<double>("factor");
        QTest::addColumn<double>("anchor");
        QTest::addColumn<double>("first");
        QTest::addColumn<double>("last");
        // Start: [0, 400] on 800 pixels.
        QTest::newRow("in x2 at centre") << 2.0 << 200.0 << 100.0 << 300.0;
        QTest::newRow("in x2 at left") << 2.0 << 0.0 << 0.0 << 200.0;
        QTest::newRow("in x2 at right") << 2.0 << 400.0 << 200.0 << 400.0;
        QTest::newRow("in x4 at 100") << 4.0 << 100.0 << 75.0 << 175.0;
        QTest::newRow("out x2 at centre") << 0.5 << 200.0 << -200.0 << 600.0;
        QTest::newRow("in past the minimum span") << 1000.0 << 200.0 << 196.0 << 204.0;
    }
    void zoom()
    {
        QFETCH(double, factor);
        QFETCH(double, anchor);
        QFETCH(double, first);
        QFETCH(double, last);
        const LaneGeometry g{0, 400, 0, 800};
        const LaneGeometry z = g.zoomed(factor, anchor);
        QCOMPARE(z.first, first);
        QCOMPARE(z.last, last);
        // The anchor stays under the same pixel.
        QCOMPARE(z.mapStepToX(anchor), g.mapStepToX(anchor));
    }

    void panAndClamp_data()
    {
        QTest::addColumn<double>("first");
        QTest::addColumn<double>("last");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<double>("end");
        QTest::addColumn<double>("expectFirst");
        QTest::addColumn<double>("expectLast");
        QTest::newRow("right a quarter") << 100.0 << 200.0 << 0.25 << 1000.0 << 125.0 << 225.0;
        QTest::newRow("left a quarter") << 100.0 << 200.0 << -0.25 << 1000.0 << 75.0 << 175.0;
        QTest::newRow("left past zero") << 10.0 << 110.0 << -0.5 << 1000.0 << 0.0 << 100.0;
        QTest::newRow("right past the end") << 900.0 << 1000.0 << 0.5 << 1000.0 << 900.0 << 1000.0;
        QTest::newRow("history shorter than the span") << 0.0 << 400.0 << 0.5 << 50.0 << 0.0 << 400.0;
    }
    void panAndClamp()
    {
        QFETCH(double, first);
        QFETCH(double, last);
        QFETCH(double, fraction);
        QFETCH(double, end);
        QFETCH(double, expectFirst);
        QFETCH(double, expectLast);
        const LaneGeometry g = LaneGeometry{first, last, 0, 500}.panned(fraction).clamped(end);
        QCOMPARE(g.first, expectFirst);
        QCOMPARE(g.last, expectLast);
    }

    void zoomInThenOutIsIdentity()
    {
        const LaneGeometry g{1000, 1400, 20, 640};
        const LaneGeometry back = g.zoomed(1.5, 1100).zoomed(1 / 1.5, 1100);
        QVERIFY(qAbs(back.first - g.first) < 1e-9);
        QVERIFY(qAbs(back.last - g.last) < 1e-9);
    }

    void storeCullsToTheVisibleRange_data()
    {
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<int>("expected");
        // Spans: read [0,10) cpu0, sleep [5,500) cpu1, step [20,20] cpu0, read [30,40) cpu0,
        // open read from 90 to the frame's step 100.
        QTest::newRow("all") << 0.0 << 100.0 << 5;
        QTest::newRow("inside the long sleep only") << 200.0 << 300.0 << 1;
        QTest::newRow("the point") << 20.0 << 20.0 << 2; // the point and the sleep around it
        QTest::newRow("between spans") << 12.0 << 18.0 << 1;
        QTest::newRow("the open span") << 95.0 << 99.0 << 2;
        QTest::newRow("after everything") << 600.0 << 700.0 << 0;
    }
    void storeCullsToTheVisibleRange()
    {
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(int, expected);
        LaneStore store;
        TimelineDelta d;
        d.step = 100;
        d.closed = {{0, 10, 0, 0, 0, SpanKind::ReadSection, 0},
                    {20, 20, 0, 0, 1, SpanKind::SrcuStep, 3},
                    {30, 40, 0, 0, 0, SpanKind::ReadSection, 1},
                    {5, 500, 0, 1, 2, SpanKind::Sleeping, kNoIndex}};
        d.open = {{90, kOpenEnd, 0, 2, 3, SpanKind::ReadSection, 0}};
        store.add(d);
        int seen = 0;
        store.forEachIn(from, to, [&](const LaneSpan&) { ++seen; });
        QCOMPARE(seen, expected);
    }

    void zeroLengthStepsKeepAMinimumWidth()
    {
        LaneStore store;
        TimelineDelta d;
        d.step = 50;
        d.closed = {{20, 20, 0, 0, 1, SpanKind::SrcuStep, 3}};
        store.add(d);
        const LaneItems items = computeLaneItems(store, LaneGeometry{0, 1000, 0, 100}, LaneRows{0, 20, 1});
        const auto& steps = items.boxes[static_cast<size_t>(BoxStyle::Step)];
        QCOMPARE(steps.size(), size_t(1));
        QVERIFY(steps[0].width() >= kMinStepPixels - 1e-9);
        QCOMPARE(items.labels.size(), size_t(1));
        QCOMPARE(items.labels[0].step, 3);
        QCOMPARE(items.playheadX, 5.0);
    }

    void subPixelSpansMerge()
    {
        // 1000 one-step read sections on CPU 0 across 10000 steps drawn in 100 pixels: they
        // collapse into a few rectangles, not a thousand.
        LaneStore store;
        TimelineDelta d;
        d.step = 10000;
        for (uint64_t i = 0; i < 1000; ++i)
            d.closed.push_back({i * 10, i * 10 + 5, 0, 0, 0, SpanKind::ReadSection, 0});
        store.add(d);
        const LaneItems items = computeLaneItems(store, LaneGeometry{0, 10000, 0, 100}, LaneRows{0, 20, 1});
        QCOMPARE(items.spansSeen, size_t(1000));
        QVERIFY(items.boxes[static_cast<size_t>(BoxStyle::Read0)].size() < 10);
    }
};

} // namespace racescope::ui

QTEST_GUILESS_MAIN(racescope::ui::TestLaneGeometry)
#include "tst_lanegeometry.moc"
