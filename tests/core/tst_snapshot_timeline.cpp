// What views are given: snapshots of the machine and lane spans built from the trace.

#include "scenario/overrides.h"
#include "sched/runner.h"
#include "snapshot/snapshot.h"
#include "timeline/timeline.h"

#include <QTest>

#include <memory>
#include <set>
#include <utility>

namespace racescope {

namespace {
Scenario seed(bool earlyFree)
{
    Scenario s = *loadScenario("seed").scenario;
    if (earlyFree)
        s.world.faults.set(FaultId::EarlyFree);
    return s;
}
} // namespace

class TestSnapshotTimeline : public QObject {
    Q_OBJECT
private slots:
    void bootSnapshotShowsTheListAndTheFreelist()
    {
        Machine m(seed(false).world);
        const Snapshot s = takeSnapshot(m);
        QCOMPARE(s.listOrder.size(), size_t(1)); // the watcher's group
        QCOMPARE(s.groups.size(), size_t(8));
        QCOMPARE(s.freelist.size(), size_t(7));
        QVERIFY(!s.listCorrupt);
        int live = 0;
        for (const GroupObject& g : s.groups)
            live += g.life == ObjectLife::Live;
        QCOMPARE(live, 1);
        QCOMPARE(s.tasks.size(), size_t(6));
        QCOMPARE(s.cpus.size(), size_t(4));
        QCOMPARE(s.srcu.counters.size(), size_t(4));
    }

    void snapshotsFollowTheRun()
    {
        Scenario sc = seed(false);
        Machine m(sc.world);
        RandomScheduler r(3);
        std::set<ObjectLife> seen;
        bool sawReader = false, sawWriterStep = false;
        for (int i = 0; i < 20000; ++i) {
            m.apply(*r.next(m));
            const Snapshot s = takeSnapshot(m);
            for (const GroupObject& g : s.groups)
                seen.insert(g.life);
            sawReader |= !s.readers.empty();
            for (const SrcuWriter& w : s.srcu.writers)
                sawWriterStep |= w.step >= 1 && w.step <= 10;
            // SRCU's sums are the number of readers holding each index.
            int holding[2] = {0, 0};
            for (const ReaderMarker& reader : s.readers)
                if (reader.srcuIndex >= 0)
                    ++holding[reader.srcuIndex];
            QVERIFY(s.srcu.sums[0] >= holding[0] && s.srcu.sums[1] >= holding[1]);
        }
        QVERIFY(sawReader);
        QVERIFY(sawWriterStep);
        QVERIFY(seen.count(ObjectLife::Live));
        QVERIFY(seen.count(ObjectLife::Initialising));
        QVERIFY(seen.count(ObjectLife::Unlinked));
        QVERIFY(seen.count(ObjectLife::Free));
    }

    void crashSnapshotHasTheReaderOnNull()
    {
        Scenario sc = seed(true);
        Machine m(sc.world);
        std::unique_ptr<Scheduler> scheduler = makeScheduler(sc);
        runMachine(m, *scheduler, sc.maxSteps);
        QCOMPARE(m.status(), RunStatus::Oopsed);
        const Snapshot s = takeSnapshot(m);
        QCOMPARE(s.oopsReports.size(), size_t(1));
        const Oops& o = s.oopses.front();
        bool onNull = false;
        for (const ReaderMarker& r : s.readers)
            onNull |= r.task == o.task && r.standingOn == 0;
        QVERIFY(onNull);
    }

    // With kill-task the run goes on after the oops; the taker's remembered explanation must
    // stay the one a fresh snapshot computes, and a reset must drop it for another run.
    void snapshotTakerKeepsTheFirstOopsExplanation()
    {
        Scenario sc = seed(true);
        sc.world.oopsPolicy = OopsPolicy::KillTask;
        const auto runToFirstOops = [&sc](uint64_t seedValue) {
            auto m = std::make_unique<Machine>(sc.world);
            m->setTracing(true);
            RandomScheduler r(seedValue);
            while (m->oopses().empty() && m->status() == RunStatus::Running && m->steps() < 200000)
                m->apply(*r.next(*m));
            return std::make_pair(std::move(m), r);
        };
        auto [m, r] = runToFirstOops(sc.seed);
        QVERIFY(!m->oopses().empty());
        SnapshotTaker taker;
        const Snapshot atOops = taker.take(*m);
        QVERIFY(!atOops.explanation.empty());
        for (int i = 0; i < 2000 && m->status() == RunStatus::Running; ++i)
            m->apply(*r.next(*m));
        QVERIFY(m->steps() > atOops.step);
        const Snapshot later = taker.take(*m);
        const Snapshot fresh = takeSnapshot(*m);
        QCOMPARE(later.explanation.size(), fresh.explanation.size());
        for (size_t i = 0; i < fresh.explanation.size(); ++i) {
            QCOMPARE(later.explanation[i].step, fresh.explanation[i].step);
            QCOMPARE(later.explanation[i].text, fresh.explanation[i].text);
        }

        // Another run whose first oops differs: the taker explains that one.
        uint64_t otherSeed = sc.seed + 1;
        auto other = runToFirstOops(otherSeed);
        while (!other.first->oopses().empty() && other.first->oopses().front().step == m->oopses().front().step)
            other = runToFirstOops(++otherSeed);
        QVERIFY(!other.first->oopses().empty());
        const Snapshot secondFresh = takeSnapshot(*other.first);
        for (bool afterReset : {false, true}) {
            if (afterReset)
                taker.reset();
            const Snapshot second = taker.take(*other.first);
            QCOMPARE(second.explanation.size(), secondFresh.explanation.size());
            QCOMPARE(second.explanation.front().text, secondFresh.explanation.front().text);
            QCOMPARE(second.explanation.back().step, secondFresh.explanation.back().step);
        }
    }

    void lanesShowSectionsStepsAndFrees()
    {
        Scenario sc = seed(false);
        Machine m(sc.world);
        m.setTracing(true);
        std::unique_ptr<Scheduler> scheduler = makeScheduler(sc);
        runMachine(m, *scheduler, 20000);
        TimelineBuilder b(static_cast<unsigned>(sc.world.tasks.size()));
        QCOMPARE(b.consume(m.trace(), 0), m.trace().size());
        const TimelineDelta d = b.takeDelta();
        std::set<int> srcuSteps, indexes;
        int frees = 0, graces = 0, sleeps = 0;
        for (const LaneSpan& s : d.closed) {
            QVERIFY(s.end >= s.begin);
            QVERIFY(s.cpu < 4);
            if (s.kind == SpanKind::SrcuStep)
                srcuSteps.insert(s.detail);
            if (s.kind == SpanKind::ReadSection)
                indexes.insert(s.detail);
            frees += s.kind == SpanKind::Free;
            graces += s.kind == SpanKind::GracePeriod;
            sleeps += s.kind == SpanKind::Sleeping;
        }
        QCOMPARE(indexes, (std::set<int>{0, 1}));
        for (int step = 1; step <= 10; ++step)
            QVERIFY2(srcuSteps.count(step), qPrintable(QString("no span for synchronize_srcu step %1").arg(step)));
        QVERIFY(frees > 0);
        QVERIFY(graces > 0);
        QVERIFY(sleeps > 0);
        for (const LaneSpan& s : d.open)
            QCOMPARE(s.end, d.step);
        // A second delta holds only what happened since.
        QVERIFY(b.takeDelta().closed.empty());
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestSnapshotTimeline)
#include "tst_snapshot_timeline.moc"
