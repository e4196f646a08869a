// The simulation thread's clocks as values: batch sizing, frame pacing, the rate meter,
// steps owed at a set speed, and the speed slider's scale.

#include "sim/pacing.h"
#include "sim/speedscale.h"

#include <QTest>

using namespace racescope::ui;

class TestPacing : public QObject {
    Q_OBJECT
private slots:
    void batchGrowsWhenCheap()
    {
        BatchSizer b;
        const uint64_t before = b.size();
        b.record(before, 1'000'000); // 1 ms for the whole batch: ten times too short
        QVERIFY(b.size() > before);
    }
    void batchShrinksWhenDear()
    {
        BatchSizer b;
        for (int i = 0; i < 20; ++i)
            b.record(b.size(), int64_t(b.size()) * 1'000'000); // 1 ms a step
        QCOMPARE(b.size(), BatchSizer::kMin);
    }
    void batchConvergesOnTenMilliseconds()
    {
        BatchSizer b;
        for (int i = 0; i < 40; ++i)
            b.record(b.size(), int64_t(b.size()) * 1000); // 1 us a step: 10,000 steps per 10 ms
        QVERIFY(qAbs(int64_t(b.size()) - 10000) < 100);
    }
    void pacerAllowsSixtyAFrameSecond()
    {
        FramePacer p;
        QVERIFY(p.due(0));
        p.published(0);
        QVERIFY(!p.due(10));
        QVERIFY(p.due(FramePacer::kIntervalMs));
        int frames = 0;
        for (int64_t t = 0; t < 1000; ++t) {
            if (p.due(t)) {
                p.published(t);
                ++frames;
            }
        }
        QVERIFY(frames <= 60);
        QVERIFY(frames >= 55);
    }
    void rateOverTheLastSecond()
    {
        RateMeter r;
        QCOMPARE(r.rate(), 0.0);
        for (int64_t t = 0; t <= 3000; t += 100)
            r.sample(t, uint64_t(t) * 5); // 5000 steps/s
        QCOMPARE(qRound(r.rate()), 5000);
        r.sample(3100, 0); // a reset
        QCOMPARE(r.rate(), 0.0);
    }
    void stepsDue_data()
    {
        QTest::addColumn<double>("speed");
        QTest::addColumn<qint64>("elapsed");
        QTest::addColumn<quint64>("done");
        QTest::addColumn<quint64>("due");
        QTest::newRow("none yet") << 1.0 << qint64(999) << quint64(0) << quint64(0);
        QTest::newRow("one a second") << 1.0 << qint64(1000) << quint64(0) << quint64(1);
        QTest::newRow("already taken") << 1.0 << qint64(1500) << quint64(1) << quint64(0);
        QTest::newRow("behind") << 100.0 << qint64(1000) << quint64(40) << quint64(60);
        QTest::newRow("ahead") << 10.0 << qint64(100) << quint64(5) << quint64(0);
    }
    void stepsDue()
    {
        QFETCH(double, speed);
        QFETCH(qint64, elapsed);
        QFETCH(quint64, done);
        QFETCH(quint64, due);
        QCOMPARE(quint64(racescope::ui::stepsDue(speed, elapsed, done)), due);
    }
    void speedScale()
    {
        QCOMPARE(speedscale::stepsPerSecond(0), 1);
        QCOMPARE(speedscale::stepsPerSecond(speedscale::positions() - 1), speedscale::kUnlimited);
        for (int p = 0; p < speedscale::positions(); ++p)
            QCOMPARE(speedscale::positionFor(speedscale::stepsPerSecond(p)), p);
        QCOMPARE(speedscale::positionFor(30), speedscale::positionFor(20));
        QCOMPARE(speedscale::label(1), QStringLiteral("1 step/s"));
        QCOMPARE(speedscale::label(0), QStringLiteral("max"));
    }
};

QTEST_GUILESS_MAIN(TestPacing)
#include "tst_pacing.moc"
