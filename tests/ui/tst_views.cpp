// Each view takes the frames of a real early-free run that oopses, renders something, and
// shows the crash. Set RACESCOPE_VIEW_PNG_DIR to keep the renders for a human to look at.

#include "lanes/cpulanesview.h"
#include "listview/grouplistview.h"
#include "listview/lifepalette.h"
#include "listview/listpainter.h"
#include "listview/listtooltips.h"
#include "panels/flowview.h"
#include "panels/plotsview.h"
#include "uifixture.h"

#include <QApplication>
#include <QDir>
#include <QImage>
#include <QPixmap>
#include <QTest>

#include <set>

namespace racescope::ui {

namespace {

// Pixels of the fault colour (pure-ish red) in an image.
int redPixels(const QImage& image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            n += c.red() > 180 && c.green() < 60 && c.blue() < 60;
        }
    return n;
}

int distinctColours(const QImage& image)
{
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return static_cast<int>(colours.size());
}

QImage render(QWidget& w, const char* name)
{
    QCoreApplication::processEvents(); // QCustomPlot replots on a queued call
    const QPixmap pixmap = w.grab();
    const QString dir = qEnvironmentVariable("RACESCOPE_VIEW_PNG_DIR");
    if (!dir.isEmpty())
        pixmap.save(QDir(dir).filePath(QLatin1String(name) + QLatin1String(".png")));
    return pixmap.toImage();
}

} // namespace

class TestViews : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        const uint64_t seed = test::firstOopsingSeed();
        QVERIFY(seed != 0);
        test::RunFrames run = test::runSeedFrames(seed, true, 20000, 5);
        QCOMPARE(run.status, RunStatus::Oopsed);
        m_frames = std::move(run.frames);
        QVERIFY(m_frames.size() > 10);
    }

    void listViewShowsTheNullPointer()
    {
        GroupListView view;
        view.resize(1280, 560);
        feedAll(view);
        QVERIFY(view.layout().faultingArrow >= 0);
        const QImage before = render(view, "list-oops");
        QVERIFY(distinctColours(before) > 5);
        QVERIFY2(redPixels(before) > 200, "the faulting pointer should be drawn in red");
    }

    // The legend's entries are measured in the view's font, and measured again when it changes.
    void listViewLegendFollowsTheFont()
    {
        GroupListView view;
        view.resize(380, 560);
        view.showFrame(m_frames.front());
        const std::vector<QRectF> small = view.layout().legend;
        QCOMPARE(small.size(), static_cast<size_t>(LifeColour::Count));
        QFont bold = view.font(); // the legend's pixel size is its own; the weight is the view's
        bold.setBold(true);
        view.setFont(bold);
        const std::vector<QRectF>& wider = view.layout().legend;
        QCOMPARE(wider.size(), small.size());
        for (size_t i = 0; i < wider.size(); ++i) {
            QCOMPARE(wider[i].width(), legendEntryWidths(bold)[i]);
            QVERIFY(wider[i].width() > small[i].width());
        }
    }

    // In a narrow dock the band captions end in an ellipsis inside the view, not cut off at
    // its edge, and the tooltip over a caption gives the whole text.
    void listViewCaptionsFitANarrowDock()
    {
        GroupListView view;
        view.resize(320, 560);
        feedAll(view);
        const QImage image = render(view, "list-narrow");
        const ListLayout& l = view.layout();
        const Snapshot& s = *m_frames.back().snapshot;
        for (const QRectF& caption : {l.listCaption, l.poolCaption}) {
            int inked = 0;
            for (int y = int(caption.top()) + 2; y < int(caption.bottom()); ++y)
                for (int x = image.width() - 6; x < image.width(); ++x) {
                    const QColor c = image.pixelColor(x, y);
                    inked += std::max({c.red(), c.green(), c.blue()}) < 0x90;
                }
            QCOMPARE(inked, 0);
            QVERIFY(!toolTipAt(s, l, caption.center()).isEmpty());
        }
        QCOMPARE(toolTipAt(s, l, l.listCaption.center()), listCaptionText(s));
        QCOMPARE(toolTipAt(s, l, l.poolCaption.center()), poolCaptionText(s));
        QVERIFY(poolCaptionText(s).contains(QStringLiteral("SLUB freelist")));
    }

    void stubLabelsStayInTheView()
    {
        QCOMPARE(stubLabelLeft(100, 40, 400), 103.0);
        QCOMPARE(stubLabelLeft(357, 40, 400), 360.0); // just fits
        QCOMPARE(stubLabelLeft(380, 40, 400), 337.0); // left of the tip instead
        QCOMPARE(stubLabelLeft(10, 40, 30), 0.0);     // no room either side: from the edge
    }

    // Docked at its default width, the faulting pointer's "NULL" ran off the view's edge.
    void listViewOopsReadsWholeInTheDock()
    {
        GroupListView view;
        view.resize(440, 560);
        feedAll(view);
        const ListLayout& l = view.layout();
        QVERIFY(l.faultingArrow >= 0);
        QCOMPARE(l.arrows[size_t(l.faultingArrow)].end, ArrowEnd::Null);
        const QImage image = render(view, "list-oops-docked");
        int redAtTheEdge = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = image.width() - 3; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                redAtTheEdge += c.red() > 180 && c.green() < 60 && c.blue() < 60;
            }
        QCOMPARE(redAtTheEdge, 0);

        // The sentence under the pool says why it crashed: it used to be one line, cut off
        // at "loaded pos->next wit..." in the dock; it wraps now, and its tooltip has it all.
        const QString sentence = oopsCaptionText(*m_frames.back().snapshot, l);
        QVERIFY(sentence.contains(QStringLiteral("freelist link")));
        QCOMPARE(toolTipAt(*m_frames.back().snapshot, l, l.oopsArea.topLeft() + QPointF(20, 5)), sentence);
        int redRows = 0;
        for (int y = int(l.oopsArea.top()); y < image.height(); ++y) {
            const QColor c = image.pixelColor(int(l.oopsArea.left()) + 3, y); // in the padding, left of the text
            redRows += c.red() > 180 && c.green() < 60 && c.blue() < 60;
        }
        QVERIFY2(redRows > 40, qPrintable(QString::number(redRows))); // three lines, not one
    }

    void listViewBeforeTheCrashHasNoRed()
    {
        GroupListView view;
        view.resize(1280, 560);
        view.showFrame(m_frames.front());
        for (size_t i = 1; i < m_frames.size() / 2; ++i)
            view.showFrame(m_frames[i]);
        QCOMPARE(view.layout().faultingArrow, -1);
        QCOMPARE(redPixels(render(view, "list-calm")), 0);
    }

    void lanesShowTheOopsAndZoom()
    {
        CpuLanesView view;
        view.resize(1280, 400);
        feedAll(view);
        QVERIFY(view.store().oops() != nullptr);
        QVERIFY(view.store().size() > 20);
        QVERIFY(view.following());
        const QImage image = render(view, "lanes-oops");
        QVERIFY(distinctColours(image) > 5);
        QVERIFY2(redPixels(image) > 50, "the oops marker should be drawn in red");

        const double span = view.geometry().span();
        view.zoomIn();
        QVERIFY(view.geometry().span() < span);
        QVERIFY(view.following()); // zooming at the playhead keeps it in view
        view.zoomOut();
        QVERIFY(qAbs(view.geometry().span() - span) < 1e-6);
        view.panLeft();
        view.panLeft();
        QVERIFY(!view.following());
        QVERIFY(view.geometry().last < static_cast<double>(view.store().step()));
        view.panRight();
        view.panRight();
        view.panRight();
        QVERIFY(view.following());
        QVERIFY(view.geometry().last <= static_cast<double>(view.store().step()) + span);
    }

    void lanesResetDropsHistory()
    {
        CpuLanesView view;
        feedAll(view);
        QVERIFY(view.store().size() > 0);
        SimFrame fresh = m_frames.front();
        fresh.timeline.closed.clear();
        view.showFrame(fresh);
        QCOMPARE(view.store().size(), size_t(0));
        QVERIFY(view.store().oops() == nullptr);
    }

    void plotsShowTheOops()
    {
        PlotsView view;
        view.resize(900, 700);
        feedAll(view);
        QVERIFY(view.showsOops());
        QCOMPARE(view.series().readers[0].x.size(), m_frames.size());
        QVERIFY(view.series().deliveredTotal > 0);
        const QImage image = render(view, "plots-oops");
        QVERIFY(distinctColours(image) > 5);
        QVERIFY(redPixels(image) > 50);
    }

    void plotsCountGracePeriodsWithoutTheFault()
    {
        // early-free skips synchronize_srcu, so grace periods come from a run without it.
        PlotsView view;
        const test::RunFrames calm = test::runSeedFrames(1, false, 8000, 50);
        for (const SimFrame& f : calm.frames)
            view.showFrame(f);
        const Series& gp = view.series().gracePeriod;
        QVERIFY(!gp.x.empty());
        for (size_t i = 0; i < gp.x.size(); ++i) {
            QVERIFY(gp.y[i] > 0);
            QVERIFY(gp.x[i] <= static_cast<double>(calm.frames.back().snapshot->step));
        }
        QVERIFY(!view.showsOops());
    }

    // A step back's frame (reset and rewound, with the whole timeline up to its step): the
    // plots keep what they had before that step and match a view fed only that far.
    void plotsKeepTheirPastOnARewind()
    {
        const test::RunFrames calm = test::runSeedFrames(1, false, 8000, 50);
        const size_t at = calm.frames.size() * 2 / 3;
        PlotSeries all, upTo, before;
        for (size_t i = 0; i < calm.frames.size(); ++i) {
            all.add(calm.frames[i]);
            if (i <= at)
                upTo.add(calm.frames[i]);
            if (i < at)
                before.add(calm.frames[i]);
        }
        all.add(rewoundFrame(calm.frames, at));
        for (int index = 0; index < 2; ++index) {
            QCOMPARE(all.readers[index].x, upTo.readers[index].x);
            QCOMPARE(all.readers[index].y, upTo.readers[index].y);
        }
        QCOMPARE(all.queueTotal.y, upTo.queueTotal.y);
        QCOMPARE(all.gracePeriod.x, upTo.gracePeriod.x);
        QCOMPARE(all.gracePeriod.y, upTo.gracePeriod.y);
        QVERIFY(!all.gracePeriod.x.empty());
        // Deliveries are measured between frames: the rewound one starts them over.
        QCOMPARE(all.deliveredPerKStep.y, before.deliveredPerKStep.y);
        QCOMPARE(all.deliveredTotal, before.deliveredTotal);
        all.add(calm.frames[at + 1]);
        QCOMPARE(all.readers[0].x.size(), upTo.readers[0].x.size() + 1);
    }

    void lanesKeepTheirZoomOnARewind()
    {
        CpuLanesView view;
        view.resize(1280, 400);
        feedAll(view);
        view.zoomIn();
        view.zoomIn();
        const double span = view.geometry().span();
        const size_t at = m_frames.size() / 2;
        const SimFrame rewound = rewoundFrame(m_frames, at);
        view.showFrame(rewound);
        QVERIFY(qAbs(view.geometry().span() - span) < 1e-6);
        QVERIFY(view.following());
        QCOMPARE(view.store().size(), rewound.timeline.closed.size());
        QCOMPARE(view.store().step(), m_frames[at].snapshot->step);
        QVERIFY(view.store().oops() == nullptr); // the oops is past this step
        // A load is not a rewind: it starts over at the initial zoom.
        SimFrame fresh = m_frames.front();
        view.showFrame(fresh);
        QVERIFY(view.geometry().span() > span);
    }

    void flowShowsGroupsAndTheOops()
    {
        NotificationFlowView view;
        view.resize(900, 420);
        feedAll(view);
        int groups = 0, producers = 0;
        for (const FlowBox& b : view.layout().boxes) {
            groups += b.kind == FlowBoxKind::Group;
            producers += b.kind == FlowBoxKind::Producer;
        }
        QCOMPARE(groups, static_cast<int>(m_frames.back().snapshot->listOrder.size()) +
                             static_cast<int>(std::count_if(m_frames.back().snapshot->groups.begin(),
                                                            m_frames.back().snapshot->groups.end(), [](const GroupObject& g) {
                                                                return g.life == ObjectLife::Unlinked ||
                                                                       g.life == ObjectLife::Initialising;
                                                            })));
        QVERIFY(producers >= 2); // rm-0 and rm-1 unlink in a loop
        uint64_t arrived = 0;
        for (const auto& [key, c] : view.history().groups)
            arrived += c.arrived;
        QVERIFY(arrived > 0);
        const QImage image = render(view, "flow-oops");
        QVERIFY(distinctColours(image) > 5);
        QVERIFY(redPixels(image) > 200); // the banner
    }

    void viewsTakeFramesWithoutASnapshot()
    {
        SimFrame empty;
        empty.reset = true;
        GroupListView list;
        CpuLanesView lanes;
        PlotsView plots;
        NotificationFlowView flow;
        list.showFrame(empty);
        lanes.showFrame(empty);
        plots.showFrame(empty);
        flow.showFrame(empty);
        QVERIFY(!list.grab().isNull());
        QVERIFY(!lanes.grab().isNull());
    }

private:
    // What a step back to frames[at] publishes: that snapshot, flagged, with every span the
    // run had closed by then and the ones still open.
    static SimFrame rewoundFrame(const std::vector<SimFrame>& frames, size_t at)
    {
        SimFrame f = frames[at];
        f.reset = true;
        f.rewound = true;
        f.timeline.closed.clear();
        for (size_t i = 0; i <= at; ++i)
            f.timeline.closed.insert(f.timeline.closed.end(), frames[i].timeline.closed.begin(),
                                     frames[i].timeline.closed.end());
        return f;
    }

    template <typename View> void feedAll(View& view)
    {
        for (const SimFrame& f : m_frames)
            view.showFrame(f);
    }

    std::vector<SimFrame> m_frames;
};

} // namespace racescope::ui

QTEST_MAIN(racescope::ui::TestViews)
#include "tst_views.moc"
