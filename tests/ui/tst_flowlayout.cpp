// The notification flow's layout from real runs: who produces, which groups they reach,
// who drains, all inside the widget, and the oopsed task flagged.

#include "uifixture.h"

#include "panels/flowlayout.h"

#include <QTest>

namespace racescope::ui {

namespace {
FlowLayout layoutAfter(const test::RunFrames& run, FlowHistory& history, QSizeF size)
{
    for (const SimFrame& f : run.frames)
        history.add(*f.snapshot);
    return computeFlowLayout(*run.frames.back().snapshot, history, size);
}

int countKind(const FlowLayout& l, FlowBoxKind kind)
{
    int n = 0;
    for (const FlowBox& b : l.boxes)
        n += b.kind == kind;
    return n;
}
} // namespace

class TestFlowLayout : public QObject {
    Q_OBJECT
private slots:
    void opMasksAreTheEventsSent()
    {
        QCOMPARE(opEventMask(FunctionId::vfs_unlink), 0x200u);
        QCOMPARE(opEventMask(FunctionId::vfs_write), 0x2u);
        QCOMPARE(opEventMask(FunctionId::sys_close), 0u);
        QVERIFY(maskNames(0x200).contains(QStringLiteral("DELETE")));
    }

    void producersGroupsAndConsumersOfTheSeed()
    {
        const test::RunFrames run = test::runSeedFrames(1, false, 4000, 100);
        FlowHistory history;
        const QSizeF size(900, 500);
        const FlowLayout l = layoutAfter(run, history, size);
        // rm-0, rm-1 and the editor make file operations; the watcher and the two
        // inotifywait tasks read their queues.
        QVERIFY(countKind(l, FlowBoxKind::Producer) >= 3);
        QVERIFY(countKind(l, FlowBoxKind::Consumer) >= 1);
        QVERIFY(countKind(l, FlowBoxKind::Group) >= 1);
        const QRectF bounds(QPointF(0, 0), size);
        for (const FlowBox& b : l.boxes)
            QVERIFY2(bounds.contains(b.rect), qPrintable(b.title));
        for (const FlowEdge& e : l.edges) {
            QVERIFY(e.from >= 0 && e.from < int(l.boxes.size()));
            QVERIFY(e.to >= 0 && e.to < int(l.boxes.size()));
            const FlowBox& from = l.boxes[e.from];
            const FlowBox& to = l.boxes[e.to];
            // Events flow left to right: producer -> group, or group -> consumer when draining.
            if (e.drain) {
                QCOMPARE(from.kind, FlowBoxKind::Group);
                QCOMPARE(to.kind, FlowBoxKind::Consumer);
            } else {
                QCOMPARE(from.kind, FlowBoxKind::Producer);
                QCOMPARE(to.kind, FlowBoxKind::Group);
            }
        }
        // Every producer->group edge is backed by the mask test fsnotify makes.
        const Snapshot& s = *run.frames.back().snapshot;
        for (const FlowEdge& e : l.edges) {
            if (e.drain)
                continue;
            const FlowBox& group = l.boxes[e.to];
            QVERIFY(group.index >= 0 && group.index < int(s.groups.size()));
            QVERIFY((history.producers.at(uint8_t(l.boxes[e.from].index)) & s.groups[group.index].mask) != 0);
        }
    }

    void theOopsedTaskIsFlagged()
    {
        const uint64_t seed = test::firstOopsingSeed();
        QVERIFY(seed != 0);
        const test::RunFrames run = test::runSeedFrames(seed, true, 20000, 50);
        QCOMPARE(run.status, RunStatus::Oopsed);
        FlowHistory history;
        const FlowLayout l = layoutAfter(run, history, QSizeF(900, 500));
        const uint8_t oopsed = run.frames.back().snapshot->oopses.front().task;
        bool flagged = false;
        for (const FlowBox& b : l.boxes) {
            if (b.faulting) {
                QCOMPARE(b.index, int(oopsed));
                flagged = true;
            }
        }
        QVERIFY(flagged);
    }
};

} // namespace racescope::ui

QTEST_MAIN(racescope::ui::TestFlowLayout)
#include "tst_flowlayout.moc"
