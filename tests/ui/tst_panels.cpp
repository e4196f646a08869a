// The panels' computed content from real runs: the SRCU table, the source marks and the
// kernel log lines, without drawing.

#include "scenario/overrides.h"
#include "scenario/scenario.h"
#include "sched/runner.h"

#include "panels/kernellogmodel.h"
#include "panels/seeddisassembly.h"
#include "panels/sourcelisting.h"
#include "panels/srcutable.h"

#include <QTest>

#include <algorithm>

using namespace racescope;
using namespace racescope::ui;

namespace {
struct Run {
    std::unique_ptr<Machine> machine;
    std::unique_ptr<TimelineBuilder> timeline;
    KernelEventCollector events;
    KernelLogModel log;
    size_t position = 0;
};

Run start(bool earlyFree)
{
    Scenario s = *loadScenario("seed").scenario;
    ScenarioOverrides o;
    if (earlyFree)
        o.faults.push_back(FaultId::EarlyFree);
    applyOverrides(s, o);
    Run r;
    r.machine = std::make_unique<Machine>(s.world);
    r.machine->setTracing(true);
    r.timeline = std::make_unique<TimelineBuilder>(unsigned(s.world.tasks.size()));
    r.events.start(*r.machine);
    return r;
}

// A frame as the worker publishes it, its kernel events handed to the run's log first.
SimFrame frameOf(Run& r, bool reset = false)
{
    const size_t end = r.timeline->consume(r.machine->trace(), r.position);
    r.events.consume(r.machine->trace(), r.position, end);
    r.position = end;
    r.log.addEvents(r.events.take());
    SimFrame f;
    f.snapshot = std::make_shared<const Snapshot>(takeSnapshot(*r.machine));
    f.timeline = r.timeline->takeDelta();
    f.reset = reset;
    return f;
}
} // namespace

class TestPanels : public QObject {
    Q_OBJECT
private slots:
    void eventsKeepTheirSteps()
    {
        // However far apart the frames, each event carries the step it happened at.
        Run r = start(false);
        RandomScheduler scheduler(1);
        runMachine(*r.machine, scheduler, 3000);
        r.events.consume(r.machine->trace(), 0, r.machine->trace().size());
        const KernelEvents events = r.events.take();
        QVERIFY(!events.empty());
        uint64_t previous = 0;
        int begins = 0, ends = 0, frees = 0, evicts = 0;
        for (const KernelEvent& e : events) {
            QVERIFY(e.step >= previous);
            QVERIFY(e.step <= 3000);
            previous = e.step;
            begins += e.kind == KernelEventKind::GracePeriodBegin;
            ends += e.kind == KernelEventKind::GracePeriodEnd;
            frees += e.kind == KernelEventKind::GroupFreed;
            evicts += e.kind == KernelEventKind::GroupEvicted;
        }
        QVERIFY(begins > 0);
        QVERIFY(ends > 0 && ends <= begins);
        // Without a fault every eviction is followed by a grace period before the free.
        QVERIFY(evicts >= frees);
        QVERIFY(frees > 0);
    }

    void groupEventsNameTheGroupAsItWasThen()
    {
        // The log named groups from the frame's snapshot: with frames far apart, a group
        // linked, evicted and freed in between was "group ?", and one whose memory was
        // reused took its successor's number. Step by step, the snapshot around each event
        // is the witness.
        Run r = start(false);
        RandomScheduler scheduler(1);
        std::vector<uint32_t> truth;
        Snapshot before = takeSnapshot(*r.machine);
        KernelEventCollector stepwise;
        stepwise.start(*r.machine);
        size_t position = 0;
        int reused = 0;
        while (r.machine->steps() < 4000 && r.machine->status() == RunStatus::Running) {
            runMachine(*r.machine, scheduler, r.machine->steps() + 1);
            const Snapshot after = takeSnapshot(*r.machine);
            stepwise.consume(r.machine->trace(), position, r.machine->trace().size());
            position = r.machine->trace().size();
            for (const KernelEvent& e : stepwise.take()) {
                if (e.kind != KernelEventKind::GroupLinked && e.kind != KernelEventKind::GroupEvicted &&
                    e.kind != KernelEventKind::GroupFreed)
                    continue;
                // Linked and evicted groups are live after the step; a freed one was before it.
                const Snapshot& live = e.kind == KernelEventKind::GroupFreed ? before : after;
                const auto g = std::find_if(live.groups.begin(), live.groups.end(),
                                            [&](const GroupObject& o) { return o.address == e.address; });
                QVERIFY(g != live.groups.end());
                QVERIFY(g->life != ObjectLife::Free);
                truth.push_back(g->groupNum);
                reused += g->generation > 1;
            }
            before = after;
        }
        QVERIFY2(truth.size() > 20, "too few group events to tell");
        QVERIFY2(reused > 0, "no group memory was reused: the case that went wrong is not covered");

        // The whole run in one batch, as at full speed, and into the log.
        KernelEventCollector batch;
        Run again = start(false);
        batch.start(*again.machine);
        RandomScheduler same(1);
        runMachine(*again.machine, same, r.machine->steps());
        batch.consume(again.machine->trace(), 0, again.machine->trace().size());
        const KernelEvents events = batch.take();
        std::vector<uint32_t> numbers;
        for (const KernelEvent& e : events) {
            if (e.kind == KernelEventKind::GroupLinked || e.kind == KernelEventKind::GroupEvicted ||
                e.kind == KernelEventKind::GroupFreed) {
                QVERIFY(e.groupNum.has_value());
                numbers.push_back(*e.groupNum);
            }
        }
        QCOMPARE(numbers, truth);
        KernelLogModel log;
        log.addEvents(events);
        SimFrame f;
        f.snapshot = std::make_shared<const Snapshot>(takeSnapshot(*again.machine));
        for (const LogLine& l : log.append(f))
            QVERIFY2(!l.text.contains(QStringLiteral("group ?")), qPrintable(l.text));
    }

    void dmesgTimestamps()
    {
        QCOMPARE(dmesgTimestamp(0), QStringLiteral("[    0.000000]"));
        QCOMPARE(dmesgTimestamp(558), QStringLiteral("[    0.000558]"));
        QCOMPARE(dmesgTimestamp(12345678), QStringLiteral("[   12.345678]"));
    }

    void srcuStepTexts()
    {
        QVERIFY(srcuStepText(6).contains(QStringLiteral("flip")));
        QVERIFY(srcuStepText(0).isEmpty());
        QVERIFY(srcuStepText(11).isEmpty());
        for (int step = 1; step <= 10; ++step)
            QVERIFY(srcuStepText(step).startsWith(QStringLiteral("step %1:").arg(step)));
    }

    void kernelLogAndSrcuTableOverARun()
    {
        Run r = start(false);
        KernelLogModel& log = r.log;
        QStringList lines;
        for (const LogLine& l : log.append(frameOf(r, true)))
            lines << l.text;
        QVERIFY(lines.isEmpty()); // the world as built is not news
        RandomScheduler scheduler(1);
        bool sawWriter = false;
        for (int frame = 0; frame < 100; ++frame) {
            runMachine(*r.machine, scheduler, r.machine->steps() + 50);
            const SimFrame f = frameOf(r);
            for (const LogLine& l : log.append(f)) {
                QVERIFY(!l.oops);
                lines << l.text;
            }
            const SrcuTable t = computeSrcuTable(*f.snapshot);
            QCOMPARE(t.counters.size(), size_t(4));
            int64_t sum0 = 0, sum1 = 0;
            for (const auto& c : t.counters) {
                sum0 += c[0];
                sum1 += c[1];
            }
            QCOMPARE(t.sums[0], sum0);
            QCOMPARE(t.sums[1], sum1);
            for (const SrcuWriterRow& w : t.writers) {
                sawWriter = true;
                QVERIFY(w.step >= 1 && w.step <= 10);
                QVERIFY(!w.text.isEmpty());
            }
        }
        QVERIFY(sawWriter);
        const QString all = lines.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("enters synchronize_srcu")), qPrintable(all.left(2000)));
        QVERIFY(all.contains(QStringLiteral("grace period of")));
        QVERIFY(all.contains(QStringLiteral("kfree: group")));
        QVERIFY(all.contains(QStringLiteral("added to fsnotify_groups")));
        QVERIFY(all.contains(QStringLiteral("evicted from fsnotify_groups")));
        QVERIFY(all.contains(QStringLiteral("kmalloc-128: object")));
        QVERIFY(!all.contains(QStringLiteral("group ? ")));
        // Lines are in step order and carry their timestamps.
        QString previous;
        for (const QString& l : lines) {
            QVERIFY(l.startsWith(QLatin1Char('[')));
            const QString stamp = l.left(14);
            QVERIFY2(previous <= stamp, qPrintable(previous + " then " + stamp));
            previous = stamp;
        }
    }

    void oopsReachesTheLogAndTheSource()
    {
        Run r = start(true);
        KernelLogModel& log = r.log;
        log.append(frameOf(r, true));
        RandomScheduler scheduler(1);
        runMachine(*r.machine, scheduler, 100000);
        QCOMPARE(r.machine->status(), RunStatus::Oopsed);
        const SimFrame f = frameOf(r);
        QStringList oopsLines;
        for (const LogLine& l : log.append(f)) {
            if (l.oops)
                oopsLines << l.text;
        }
        QVERIFY(!oopsLines.isEmpty());
        QVERIFY(oopsLines.front().contains(QStringLiteral("BUG: unable to handle kernel NULL pointer dereference")));
        // The same frame again adds no second report.
        bool repeated = false;
        for (const LogLine& l : log.append(f))
            repeated = repeated || l.oops;
        QVERIFY(!repeated);

        const SourceListing s = computeSourceListing(*f.snapshot);
        int oopsRows = 0;
        for (const DisassemblyRow& row : s.disassembly) {
            if (row.oops) {
                ++oopsRows;
                QCOMPARE(row.address, uint64_t(0xffffffff8111bf93));
            }
        }
        QCOMPARE(oopsRows, 1);
    }

    void everyFsnotifyRipHasALine()
    {
        // Each place the model's fsnotify stops at must be a row of the disassembly.
        Run r = start(false);
        RandomScheduler scheduler(3);
        int seen = 0;
        for (int i = 0; i < 3000; ++i) {
            runMachine(*r.machine, scheduler, r.machine->steps() + 1);
            for (const Task& t : r.machine->tasks()) {
                if (!t.inKernel() || t.top().fn != FunctionId::fsnotify)
                    continue;
                ++seen;
                bool found = false;
                for (const DisassemblyLine& d : seedFsnotifyDisassembly())
                    found = found || d.address == t.regs.rip;
                QVERIFY2(found, qPrintable(QString::number(t.regs.rip, 16)));
            }
        }
        QVERIFY(seen > 0);
    }

    void listingMarksEachTaskOnce()
    {
        Run r = start(false);
        RandomScheduler scheduler(5);
        runMachine(*r.machine, scheduler, 400);
        const SimFrame f = frameOf(r);
        const SourceListing s = computeSourceListing(*f.snapshot);
        QCOMPARE(s.blocks.size(), listedFunctions().size());
        QCOMPARE(s.blocks.front().function, FunctionId::fsnotify);
        // A task's innermost frame is marked at most once.
        std::map<unsigned, int> innermost;
        for (const ListingBlock& b : s.blocks) {
            for (const ListingLine& l : b.lines) {
                for (const LineMark& m : l.marks)
                    innermost[m.task] += m.innermost ? 1 : 0;
            }
        }
        for (const auto& [task, count] : innermost)
            QVERIFY(count <= 1);
    }
};

QTEST_GUILESS_MAIN(TestPanels)
#include "tst_panels.moc"
