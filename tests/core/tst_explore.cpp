// The explorer: finding a crash, shrinking its schedule, and writing it as a scripted
// scenario that replays exactly.

#include "explain/explain.h"
#include "explore/explorer.h"
#include "explore_budget.h"
#include "explore/footprint.h"
#include "report/oops_report.h"
#include "scenario/overrides.h"
#include "sched/runner.h"

#include <QTest>

namespace racescope {

namespace {
Scenario withFault(const std::string& name, FaultId fault)
{
    Scenario s = *loadScenario(name).scenario;
    s.world.faults.set(fault);
    return s;
}

struct Replay {
    std::unique_ptr<Machine> machine;
    RunOutcome outcome;
};

ExploreResult searchAll(const Scenario& s, Reduction reduction, ReductionStart start = ReductionStart::Previous)
{
    ExploreOptions o;
    o.mode = ExploreMode::Exhaustive;
    o.reduction = reduction;
    o.reductionStart = start;
    o.splitReaders = false; // the searches themselves are compared here; tst_reader_split checks the split
    o.maxSteps = 5000;
    o.budgetSeconds = test::kSearchSafetyNetSeconds;
    o.shrink = false;
    return explore(s, o);
}

// "crash", "proof" or "open" (neither: cut by a bound).
QString verdict(const ExploreResult& r)
{
    return r.crashed ? "crash" : (r.complete ? "proof" : "open");
}

Replay runScenario(const Scenario& s, bool trace = false)
{
    Replay r;
    r.machine = std::make_unique<Machine>(s.world);
    r.machine->setTracing(trace);
    std::unique_ptr<Scheduler> scheduler = makeScheduler(s);
    r.outcome = runMachine(*r.machine, *scheduler, s.maxSteps);
    return r;
}
} // namespace

class TestExplore : public QObject {
    Q_OBJECT
private slots:
    void randomFindsShrinksAndWritesAReplayableScript()
    {
        const Scenario s = withFault("seed", FaultId::EarlyFree);
        ExploreOptions o;
        o.budgetSchedules = 50;
        o.maxSteps = 20000;
        const ExploreResult r = explore(s, o);
        QVERIFY(r.crashed);
        QVERIFY(r.oops.has_value());
        QCOMPARE(symbolize(r.oops->regs.rip), std::string("fsnotify+0x93/0x150"));
        QVERIFY(!r.minimalSchedule.empty());
        QVERIFY(r.minimalSchedule.size() <= r.schedule.size());

        // The written scenario is a scripted run that ends in the same oops at its last step.
        const std::string json = scriptedScenarioJson(s, r.minimalSchedule);
        ScenarioResult parsed = parseScenario(json, "explored.json");
        QVERIFY2(parsed.ok(), parsed.error.toString().c_str());
        QCOMPARE(parsed.scenario->strategy, StrategyKind::Scripted);
        QCOMPARE(parsed.scenario->schedule.size(), r.minimalSchedule.size());
        Replay replay = runScenario(*parsed.scenario);
        QCOMPARE(replay.outcome.status, RunStatus::Oopsed);
        QVERIFY(replay.outcome.schedulerError.empty());
        QCOMPARE(replay.outcome.steps, uint64_t(r.minimalSchedule.size()));
        QCOMPARE(replay.machine->oopses().front().regs.rip, r.oops->regs.rip);
    }

    void shrinkingRemovesStepsThatDoNotMatter()
    {
        const Scenario s = withFault("seed", FaultId::EarlyFree);
        ExploreOptions o;
        o.budgetSchedules = 50;
        const ExploreResult r = explore(s, o);
        QVERIFY(r.crashed);
        QVERIFY2(r.minimalSchedule.size() < r.schedule.size(), "the first crash of seed/early-free always has slack");
        QVERIFY(countSwitches(s, r.minimalSchedule) <= countSwitches(s, r.schedule));
    }

    void pctFindsTheEarlyFree()
    {
        ExploreOptions o;
        o.mode = ExploreMode::Pct;
        o.budgetSchedules = 2000;
        o.maxSteps = 5000;
        const ExploreResult r = explore(withFault("seed", FaultId::EarlyFree), o);
        QVERIFY(r.crashed);
    }

    void nothingToFindWithoutAFault()
    {
        ExploreOptions o;
        o.budgetSchedules = 200;
        o.maxSteps = 5000;
        for (ExploreMode mode : {ExploreMode::Random, ExploreMode::Pct}) {
            o.mode = mode;
            const ExploreResult r = explore(*loadScenario("seed").scenario, o);
            QVERIFY(!r.crashed);
            QCOMPARE(r.schedules, uint64_t(200));
        }
    }

    void exhaustive_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("fault"); // -1: none
        QTest::addColumn<bool>("crashes");
        QTest::newRow("calm proven safe") << "calm" << -1 << false;
        QTest::newRow("small-seed proven safe") << "small-seed" << -1 << false;
        QTest::newRow("small-seed early-free") << "small-seed" << int(FaultId::EarlyFree) << true;
        QTest::newRow("small-seed wrong-flavor") << "small-seed" << int(FaultId::WrongFlavor) << true;
        QTest::newRow("small-two-writers proven safe") << "small-two-writers" << -1 << false;
        QTest::newRow("small-two-writers srcu-skip-flip-wait")
            << "small-two-writers" << int(FaultId::SrcuSkipFlipWait) << true;
        QTest::newRow("small-early-exit: srcu-early-exit-1 is harmless under SC")
            << "small-early-exit" << int(FaultId::SrcuEarlyExit1) << false;
    }

    void exhaustive()
    {
        QFETCH(QString, scenario);
        QFETCH(int, fault);
        QFETCH(bool, crashes);
        Scenario s = *loadScenario(scenario.toStdString()).scenario;
        if (fault >= 0)
            s.world.faults.set(static_cast<FaultId>(fault));
        ExploreOptions o;
        o.mode = ExploreMode::Exhaustive;
        o.maxSteps = ExploreOptions::kExhaustiveMaxSteps; // calm's paths go about as deep as it has states
        o.budgetSeconds = test::kSearchSafetyNetSeconds;
        const ExploreResult r = explore(s, o);
        QCOMPARE(r.crashed, crashes);
        if (crashes) {
            QCOMPARE(r.oops->kind, AccessFaultKind::NullPointer);
            Machine replay(s.world);
            replayLenient(replay, r.minimalSchedule);
            QVERIFY(!replay.oopses().empty());
        } else {
            // A proof: every reachable state visited, no path cut by the bound.
            QVERIFY(r.complete);
            QVERIFY(!r.depthBoundHit);
            QVERIFY(r.states > 1000);
        }
    }

    // The reduction must not change what the search concludes: on every small scenario, with
    // each cheap fault, it finds a crash exactly where the plain search does and proves safety
    // exactly where the plain search does, whichever task a new state starts with.
    void reducedSearchAgreesWithPlainSearch_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("fault"); // -1: none
        const std::vector<std::pair<const char*, int>> faults = {
            {"none", -1},
            {"early-free", int(FaultId::EarlyFree)},
            {"wrong-flavor", int(FaultId::WrongFlavor)},
            {"srcu-skip-flip-wait", int(FaultId::SrcuSkipFlipWait)},
            {"srcu-early-exit-1", int(FaultId::SrcuEarlyExit1)},
            {"srcu-unlock-wrong-idx", int(FaultId::SrcuUnlockWrongIdx)},
            {"list-del-not-rcu", int(FaultId::ListDelNotRcu)},
        };
        for (const char* scenario : {"small-seed", "small-two-writers", "small-early-exit", "small-readers"}) {
            for (const auto& [name, fault] : faults)
                QTest::addRow("%s %s", scenario, name) << QString(scenario) << fault;
        }
    }

    void reducedSearchAgreesWithPlainSearch()
    {
        QFETCH(QString, scenario);
        QFETCH(int, fault);
        Scenario s = *loadScenario(scenario.toStdString()).scenario;
        if (fault >= 0)
            s.world.faults.set(static_cast<FaultId>(fault));
        const ExploreResult plain = searchAll(s, Reduction::None);
        QVERIFY(verdict(plain) != "open");
        for (ReductionStart start : {ReductionStart::Previous, ReductionStart::Lowest, ReductionStart::Highest}) {
            const ExploreResult reduced = searchAll(s, Reduction::Por, start);
            QCOMPARE(reduced.reduction, Reduction::Por);
            QCOMPARE(verdict(reduced), verdict(plain));
            // A proof visits reachable states only, so never more than the plain search.
            if (plain.complete)
                QVERIFY(reduced.states <= plain.states);
        }
    }

    // Where independent steps exist the reduction takes them in one order only. Two readers
    // on their own CPUs touch nothing the other writes.
    void reductionVisitsFewerStatesWithTwoReaders()
    {
        const Scenario s = *loadScenario("small-readers").scenario;
        const ExploreResult plain = searchAll(s, Reduction::None);
        const ExploreResult reduced = searchAll(s, Reduction::Por);
        QVERIFY(plain.complete && reduced.complete);
        QVERIFY2(reduced.states * 2 < plain.states,
                 qPrintable(QString("%1 states reduced, %2 plain").arg(reduced.states).arg(plain.states)));
        QVERIFY(reduced.prunedActions > 0);
        QVERIFY(reduced.steps < plain.steps);
    }

    void reducedSearchProves_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("small-seed") << "small-seed";
        QTest::newRow("small-two-writers") << "small-two-writers";
        QTest::newRow("small-readers") << "small-readers";
    }

    void reducedSearchProves()
    {
        QFETCH(QString, scenario);
        const ExploreResult r = searchAll(*loadScenario(scenario.toStdString()).scenario, Reduction::Por);
        QVERIFY(!r.crashed);
        QVERIFY(r.complete);
        QVERIFY(!r.depthBoundHit);
        QCOMPARE(r.reduction, Reduction::Por);
    }

    // The crash the reduced search finds is a real schedule: shrunk, written as a scripted
    // scenario and run again, it ends in the same oops.
    void reducedSearchCrashReplays_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("fault");
        QTest::newRow("small-seed early-free") << "small-seed" << int(FaultId::EarlyFree);
        QTest::newRow("small-seed wrong-flavor") << "small-seed" << int(FaultId::WrongFlavor);
        QTest::newRow("small-two-writers srcu-skip-flip-wait")
            << "small-two-writers" << int(FaultId::SrcuSkipFlipWait);
    }

    void reducedSearchCrashReplays()
    {
        QFETCH(QString, scenario);
        QFETCH(int, fault);
        const Scenario s = withFault(scenario.toStdString(), static_cast<FaultId>(fault));
        ExploreOptions o;
        o.mode = ExploreMode::Exhaustive;
        o.maxSteps = 5000;
        o.budgetSeconds = test::kSearchSafetyNetSeconds;
        const ExploreResult r = explore(s, o);
        QCOMPARE(r.reduction, Reduction::Por);
        QVERIFY(r.crashed);
        QCOMPARE(r.oops->kind, AccessFaultKind::NullPointer);
        QCOMPARE(symbolize(r.oops->regs.rip), std::string("fsnotify+0x93/0x150"));
        QVERIFY(r.minimalSchedule.size() <= r.schedule.size());
        ScenarioResult parsed = parseScenario(scriptedScenarioJson(s, r.minimalSchedule), "explored.json");
        QVERIFY2(parsed.ok(), parsed.error.toString().c_str());
        Replay replay = runScenario(*parsed.scenario);
        QCOMPARE(replay.outcome.status, RunStatus::Oopsed);
        QVERIFY(replay.outcome.schedulerError.empty());
        QCOMPARE(replay.machine->oopses().front().regs.rip, r.oops->regs.rip);
    }

    // The reduction rests on one fact about the machine: two steps of different tasks whose
    // footprints do not conflict can be taken in either order, each stays enabled, and both
    // orders reach the same state. Checked on every such pair along random runs.
    void independentStepsCommute_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("fault");
        QTest::addColumn<bool>("kasan");
        QTest::newRow("seed") << "seed" << -1 << false;
        QTest::newRow("seed early-free kasan") << "seed" << int(FaultId::EarlyFree) << true;
        QTest::newRow("two-writers") << "two-writers" << -1 << false;
        QTest::newRow("calm") << "calm" << -1 << false;
        QTest::newRow("shared-group refcount-underflow") << "shared-group" << int(FaultId::RefcountUnderflow) << false;
        QTest::newRow("scaling") << "scaling" << -1 << false;
        QTest::newRow("small-seed wrong-flavor") << "small-seed" << int(FaultId::WrongFlavor) << false;
    }

    void independentStepsCommute()
    {
        QFETCH(QString, scenario);
        QFETCH(int, fault);
        QFETCH(bool, kasan);
        Scenario s = *loadScenario(scenario.toStdString()).scenario;
        if (fault >= 0)
            s.world.faults.set(static_cast<FaultId>(fault));
        s.world.kasan = kasan;
        auto step = [](const Machine& from, const Action& a, Footprint& fp) {
            Machine m = from;
            m.setTracing(true);
            m.apply(a);
            fp = stepFootprint(from, a, m);
            m.clearTrace();
            m.setTracing(false);
            return m;
        };
        uint64_t checked = 0;
        std::vector<Action> enabled;
        for (uint64_t seed = 1; seed <= 12; ++seed) {
            Machine m(s.world);
            RandomScheduler scheduler(seed, s.random);
            for (int n = 0; n < 150 && m.status() == RunStatus::Running; ++n) {
                m.enabledActions(enabled);
                for (size_t i = 0; i < enabled.size(); ++i) {
                    for (size_t j = i + 1; j < enabled.size(); ++j) {
                        const Action a = enabled[i];
                        const Action b = enabled[j];
                        if (a.task == b.task)
                            continue;
                        Footprint fa, fb, unused;
                        const Machine ma = step(m, a, fa);
                        const Machine mb = step(m, b, fb);
                        if (fa.conflicts(fb) || !ma.oopses().empty() || !mb.oopses().empty())
                            continue;
                        QVERIFY(ma.isEnabled(b));
                        QVERIFY(mb.isEnabled(a));
                        const Machine ab = step(ma, b, unused);
                        const Machine ba = step(mb, a, unused);
                        QCOMPARE(ab.stateHash(), ba.stateHash());
                        QCOMPARE(ab.oopses().size(), ba.oopses().size());
                        ++checked;
                    }
                }
                const std::optional<Action> next = scheduler.next(m);
                if (!next)
                    break;
                m.apply(*next);
            }
        }
        QVERIFY(checked > 100);
    }

    void earlyExitPathIsReachableInItsScenario()
    {
        // The proof above means something only if the changed path can be taken: some
        // schedule must return from synchronize_srcu's step 3 early.
        Scenario s = *loadScenario("small-early-exit").scenario;
        s.world.faults.set(FaultId::SrcuEarlyExit1);
        bool earlyExit = false;
        for (uint64_t seed = 1; seed <= 500 && !earlyExit; ++seed) {
            Machine m(s.world);
            m.setTracing(true);
            RandomScheduler r(seed);
            runMachine(m, r, 2000);
            m.trace().forEach([&](const TraceRecord& rec) {
                earlyExit |= rec.site == makeSite(FunctionId::synchronize_srcu, 8);
            });
        }
        QVERIFY(earlyExit);
    }

    void reproCrashesOnlyWithTheFault_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("rip");
        QTest::addColumn<int>("link");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("srcu-skip-flip-wait") << "skip-flip-wait-repro" << int(FaultId::SrcuSkipFlipWait)
                                             << "fsnotify+0x93/0x150" << int(CauseKind::GracePeriod) << "step 7";
        QTest::newRow("srcu-unlock-wrong-idx") << "unlock-wrong-idx-repro" << int(FaultId::SrcuUnlockWrongIdx)
                                               << "fsnotify_recalc_global_mask+0x24/0x70"
                                               << int(CauseKind::MismatchedUnlock) << "but unlocked index";
    }

    void reproCrashesOnlyWithTheFault()
    {
        QFETCH(QString, scenario);
        QFETCH(int, fault);
        QFETCH(QString, rip);
        QFETCH(int, link);
        QFETCH(QString, phrase);
        const Scenario s = *loadScenario(scenario.toStdString()).scenario;
        QVERIFY(s.world.faults.has(static_cast<FaultId>(fault)));
        Replay r = runScenario(s, true);
        QCOMPARE(r.outcome.status, RunStatus::Oopsed);
        QVERIFY(r.outcome.schedulerError.empty());
        const Oops& o = r.machine->oopses().front();
        QCOMPARE(QString::fromStdString(symbolize(o.regs.rip)), rip);
        QCOMPARE(o.kind, AccessFaultKind::NullPointer);
        // The chain names the mechanism.
        const Explanation e = explainOops(*r.machine, o);
        bool named = false;
        for (const CauseLink& l : e.links)
            named |= int(l.kind) == link && l.text.find(phrase.toStdString()) != std::string::npos;
        QVERIFY2(named, formatExplanation(*r.machine, e).c_str());

        // The same schedule, as far as it can be followed, without the fault.
        std::vector<Action> actions;
        Machine guide(s.world);
        ScriptedScheduler script(s.schedule, AfterSchedule::Stop);
        while (std::optional<Action> a = script.next(guide)) {
            actions.push_back(*a);
            guide.apply(*a);
        }
        QCOMPARE(actions.size(), s.schedule.size());
        Scenario clean = s;
        clean.world.faults = FaultSet{};
        Machine m(clean.world);
        replayLenient(m, actions);
        QVERIFY(m.oopses().empty());
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestExplore)
#include "tst_explore.moc"
