// Readers one at a time (reader_split.h): where the split applies it reaches the verdict of
// the search of the whole scenario, and where its conditions fail it is not used.

#include "explore/explorer.h"
#include "explore_budget.h"
#include "explore/footprint.h"
#include "explore/reader_split.h"
#include "memory/layout.h"

#include <QTest>

namespace racescope {

namespace {

// `scaling` with only the named tasks at work; the others keep their groups but do nothing.
Scenario scalingWith(std::initializer_list<const char*> working)
{
    Scenario s = *loadScenario("scaling").scenario;
    for (TaskSpec& t : s.world.tasks) {
        if (std::none_of(working.begin(), working.end(), [&](const char* n) { return t.name == n; }))
            t.program.clear();
    }
    return s;
}

ExploreResult searchExhaustively(const Scenario& s, bool split)
{
    ExploreOptions o;
    o.mode = ExploreMode::Exhaustive;
    o.maxSteps = 5000;
    o.budgetSeconds = test::kSearchSafetyNetSeconds;
    o.shrink = false;
    o.splitReaders = split;
    return explore(s, o);
}

QString verdict(const ExploreResult& r)
{
    return r.crashed ? "crash" : (r.complete ? "proof" : "open");
}

std::string counterAccess(const Scenario& s, uint8_t reader, unsigned cpu, bool write)
{
    Footprint fp;
    fp.memory(layout::kPerCpuBase + cpu * layout::kPerCpuStride + 4, 4, write);
    fp.seal();
    return readerStepGuard(s, reader, Action{reader, s.world.tasks[reader].cpu, ActionKind::Run}, fp);
}

} // namespace

class TestReaderSplit : public QObject {
    Q_OBJECT
private slots:
    void findsThePinnedReaders()
    {
        const ReaderSplit split = splitReaders(*loadScenario("scaling").scenario);
        QCOMPARE(split.readers, (std::vector<uint8_t>{0, 1, 2}));
        QVERIFY(split.refused.empty());
        // One reader is nothing to split.
        QVERIFY(splitReaders(*loadScenario("small-two-writers").scenario).readers.empty());
    }

    void refusedWhereAReaderCouldHelpAnother_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("why");
        QTest::newRow("two readers share a CPU") << "shared-cpu" << "pinned to a CPU of its own";
        QTest::newRow("a reader may migrate") << "migratable" << "pinned to a CPU of its own";
        QTest::newRow("srcu-unlock-wrong-idx") << "srcu-unlock-wrong-idx" << "one reader change";
        QTest::newRow("stray-write") << "stray-write" << "one reader change";
        QTest::newRow("wrong-flavor") << "wrong-flavor" << "outside synchronize_srcu()";
    }

    void refusedWhereAReaderCouldHelpAnother()
    {
        QFETCH(QString, change);
        QFETCH(QString, why);
        Scenario s = *loadScenario("scaling").scenario;
        if (change == "shared-cpu")
            s.world.tasks[1].cpu = 0;
        else if (change == "migratable")
            s.world.tasks[2].migratable = true;
        else
            s.world.faults.set(*faultFromName(change.toStdString()));
        const ReaderSplit split = splitReaders(s);
        QVERIFY(split.readers.empty());
        QVERIFY2(QString::fromStdString(split.refused).contains(why), split.refused.c_str());
    }

    // The guard lets a reader write its own CPU's SRCU counters and scheduling state, and
    // the scheduling state of a task its quiescent state wakes, nothing else; and read
    // anything but another CPU's.
    void guardAllowsOnlyTheReadersOwnCpu()
    {
        const Scenario s = *loadScenario("scaling").scenario;
        const uint8_t reader = 1;
        const uint8_t cpu = s.world.tasks[reader].cpu;
        QVERIFY(counterAccess(s, reader, cpu, true).empty());
        QVERIFY(!counterAccess(s, reader, cpu + 1, true).empty());
        // Reading another CPU's counter would let that CPU's reader change what this one does.
        QVERIFY(!counterAccess(s, reader, cpu + 1, false).empty());
        auto guard = [&](uint8_t task, ObjectKey key) {
            Footprint fp;
            fp.write(key);
            fp.seal();
            return readerStepGuard(s, reader, Action{task, s.world.tasks[task].cpu, ActionKind::Run}, fp);
        };
        QVERIFY(guard(reader, schedObject(SchedObject::CpuKernel, cpu)).empty());
        QVERIFY(guard(reader, schedObject(SchedObject::GpBit, cpu)).empty());
        QVERIFY(guard(reader, schedObject(SchedObject::TaskState, 3)).empty());
        QVERIFY(!guard(reader, schedObject(SchedObject::CpuKernel, cpu + 1)).empty());
        QVERIFY(!guard(reader, layout::fsnotify_groups).empty());
        Footprint walk;
        walk.memory(layout::fsnotify_groups, 8, false);
        walk.read(schedObject(SchedObject::CpuCurrent, cpu));
        walk.seal();
        QVERIFY(readerStepGuard(s, reader, Action{reader, cpu, ActionKind::Run}, walk).empty());
        // Other tasks' steps are not its business.
        QVERIFY(guard(3, layout::fsnotify_groups).empty());
    }

    void agreesWithTheWholeSearch_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("fault"); // -1: none
        QTest::addColumn<bool>("kasan");
        const std::vector<std::pair<const char*, int>> faults = {
            {"none", -1},
            {"early-free", int(FaultId::EarlyFree)},
            {"srcu-skip-flip-wait", int(FaultId::SrcuSkipFlipWait)},
            {"list-del-not-rcu", int(FaultId::ListDelNotRcu)},
            {"kzalloc-reuse", int(FaultId::KzallocReuse)},
        };
        for (const char* scenario : {"small-readers", "3 readers, a close", "2 readers, a close, an add"}) {
            for (const auto& [name, fault] : faults)
                QTest::addRow("%s, %s", scenario, name) << QString(scenario) << fault << false;
        }
        QTest::newRow("3 readers, a close, early-free with KASAN")
            << "3 readers, a close" << int(FaultId::EarlyFree) << true;
    }

    void agreesWithTheWholeSearch()
    {
        QFETCH(QString, scenario);
        QFETCH(int, fault);
        QFETCH(bool, kasan);
        Scenario s = scenario == "small-readers"        ? *loadScenario("small-readers").scenario
                     : scenario == "3 readers, a close" ? scalingWith({"rm-0", "rm-1", "rm-2", "closer-a"})
                                                        : scalingWith({"rm-0", "rm-1", "closer-a", "inotify"});
        if (fault >= 0)
            s.world.faults.set(static_cast<FaultId>(fault));
        s.world.kasan = kasan;
        const ExploreResult whole = searchExhaustively(s, false);
        const ExploreResult split = searchExhaustively(s, true);
        QVERIFY(whole.readersOneAtATime.empty());
        QVERIFY(!split.readersOneAtATime.empty());
        QVERIFY(verdict(whole) != "open");
        QCOMPARE(verdict(split), verdict(whole));
        if (split.crashed) {
            // A crash with the other readers parked is a schedule of the whole scenario.
            Machine replay(s.world);
            replayLenient(replay, split.schedule);
            QCOMPARE(replay.oopses().size(), size_t(1));
            QCOMPARE(replay.oopses().front().kind, whole.oops->kind);
        } else {
            QCOMPARE(split.readersOneAtATime.size(), splitReaders(s).readers.size());
            QVERIFY2(split.states < whole.states,
                     qPrintable(QString("%1 states split, %2 whole").arg(split.states).arg(whole.states)));
        }
    }

    // Readers that queue events write the group's queue and the allocator: they are no longer
    // pure readers, the guard says so, and the scenario is searched whole after all.
    void aReaderThatQueuesEventsIsSearchedWithTheOthers()
    {
        Scenario s = *loadScenario("small-readers").scenario;
        for (GroupSpec& g : s.world.groups)
            g.watch = 0; // the directory the readers unlink in
        const ExploreResult r = searchExhaustively(s, true);
        QVERIFY(r.readersOneAtATime.empty());
        QVERIFY2(QString::fromStdString(r.splitNote).contains("wrote memory at"), r.splitNote.c_str());
        const ExploreResult whole = searchExhaustively(s, false);
        QCOMPARE(verdict(r), verdict(whole));
        QCOMPARE(r.states, whole.states);
    }
};

} // namespace racescope

QTEST_GUILESS_MAIN(racescope::TestReaderSplit)
#include "tst_reader_split.moc"
