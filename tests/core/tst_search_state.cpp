// What the exhaustive search relies on about states: a step taken back leaves the machine
// exactly as it was (Machine::restore, UndoPath), and two machines with the same
// stateHash() behave the same from there on, although the hash leaves dead values out.

#include "explore/undo_path.h"
#include "machine/checkpoint.h"
#include "sched/rng.h"
#include "sched/scheduler.h"
#include "scenario/scenario.h"

#include <QTest>

#include <map>

namespace racescope {

namespace {
Scenario scenarioWith(const char* name, std::optional<FaultId> fault = std::nullopt)
{
    Scenario s = *loadScenario(name).scenario;
    if (fault)
        s.world.faults.set(*fault);
    return s;
}

// The data columns every row-driven test here has: a scenario and a fault (-1: none).
void addScenarioColumns()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("fault");
}

Scenario fetchScenario()
{
    QFETCH(QString, scenario);
    QFETCH(int, fault);
    return scenarioWith(scenario.toStdString().c_str(),
                        fault < 0 ? std::nullopt : std::optional(static_cast<FaultId>(fault)));
}

// Everything a machine holds that a step can change, compared field by field.
void compareMachines(const Machine& a, const Machine& b)
{
    const std::vector<Region>& ra = a.memory().regions();
    const std::vector<Region>& rb = b.memory().regions();
    QCOMPARE(ra.size(), rb.size());
    for (size_t i = 0; i < ra.size(); ++i)
        QVERIFY2(ra[i].bytes == rb[i].bytes, ra[i].name.c_str());
    QCOMPARE(a.memory().contentHash(), b.memory().contentHash());
    QVERIFY(a.allocator().shadows() == b.allocator().shadows());
    QVERIFY(a.tasks() == b.tasks());
    QVERIFY(a.cpus() == b.cpus());
    QVERIFY(a.runnable() == b.runnable());
    QCOMPARE(a.oopses().size(), b.oopses().size());
    QCOMPARE(a.status(), b.status());
    QCOMPARE(a.steps(), b.steps());
    QCOMPARE(a.stateHash(), b.stateHash());
}

Action pick(const Machine& m, Rng& rng, std::vector<Action>& enabled)
{
    m.enabledActions(enabled);
    return enabled[rng.below(enabled.size())];
}

// The machine after `steps` random steps of the given seed.
Machine replay(const Scenario& s, uint64_t seed, uint64_t steps)
{
    Machine m(s.world);
    Rng rng(seed);
    std::vector<Action> enabled;
    for (uint64_t i = 0; i < steps; ++i)
        m.apply(pick(m, rng, enabled));
    return m;
}

// What a step did, as far as it is visible: the trace records without their step numbers.
std::vector<TraceRecord> records(const Trace& trace)
{
    std::vector<TraceRecord> out;
    trace.forEach([&](const TraceRecord& r) {
        TraceRecord copy = r;
        copy.step = 0;
        out.push_back(copy);
    });
    return out;
}
} // namespace

class TestSearchState : public QObject {
    Q_OBJECT
private slots:
    void restoreUndoesSteps_data()
    {
        addScenarioColumns();
        QTest::newRow("seed") << "seed" << -1;
        QTest::newRow("seed early-free") << "seed" << int(FaultId::EarlyFree);
        QTest::newRow("seed kzalloc-reuse") << "seed" << int(FaultId::KzallocReuse);
        QTest::newRow("calm") << "calm" << -1;
        QTest::newRow("two-writers") << "two-writers" << -1;
        QTest::newRow("shared-group refcount-underflow") << "shared-group" << int(FaultId::RefcountUnderflow);
    }
    void restoreUndoesSteps()
    {
        const Scenario s = fetchScenario();
        std::vector<Action> enabled;
        uint64_t undone = 0;
        for (uint64_t seed = 1; seed <= 10; ++seed) {
            Machine m(s.world);
            StoreJournal journal;
            m.setJournal(&journal);
            MachineCheckpoint checkpoint;
            Rng rng(seed);
            for (int n = 0; n < 400 && m.status() == RunStatus::Running; ++n) {
                const Machine before = m;
                m.save(checkpoint);
                // A few steps forward, then all of them back at once.
                const int ahead = 1 + static_cast<int>(rng.below(3));
                for (int k = 0; k < ahead && m.status() == RunStatus::Running; ++k)
                    m.apply(pick(m, rng, enabled));
                m.restore(checkpoint);
                compareMachines(m, before);
                if (QTest::currentTestFailed())
                    return;
                ++undone;
                m.apply(pick(m, rng, enabled));
            }
        }
        QVERIFY(undone > 1000);
    }

    void journalStaysWithItsMachine()
    {
        // A copy made for a look ahead must not record into the original's journal.
        const Scenario s = scenarioWith("seed");
        Machine m(s.world);
        StoreJournal journal;
        m.setJournal(&journal);
        Rng rng(3);
        std::vector<Action> enabled;
        Machine copy = m;
        for (int n = 0; n < 200; ++n)
            copy.apply(pick(copy, rng, enabled));
        QVERIFY(journal.empty());
        for (int n = 0; n < 200; ++n)
            m.apply(pick(m, rng, enabled));
        QVERIFY(!journal.empty());
    }

    void undoPathGoesBackBeyondItsWindow()
    {
        // calm loops for ever: a path deeper than the checkpoint window must come back up
        // level by level through rebuilt checkpoints and meet every state it passed.
        const Scenario s = scenarioWith("calm");
        UndoPath path{Machine(s.world)};
        Rng rng(11);
        std::vector<Action> enabled;
        std::vector<uint64_t> hashes{path.machine().stateHash()};
        std::vector<uint64_t> steps{0};
        const size_t depth = UndoPath::kWindow + 3 * UndoPath::kFullCopy + 17;
        while (path.size() < depth) {
            const Action a = pick(path.machine(), rng, enabled);
            path.step(a);
            if (path.size() % 7 == 0) {
                // Now and then a look ahead that is taken back.
                path.back();
                QCOMPARE(path.machine().stateHash(), hashes.back());
                path.step(a);
            }
            path.descend(a);
            hashes.push_back(path.machine().stateHash());
            steps.push_back(path.machine().steps());
        }
        const Machine deepest = path.machine();
        Machine replayed(s.world);
        for (size_t level = 1; level < path.size(); ++level)
            replayed.apply(path.via(level));
        compareMachines(replayed, deepest);
        while (path.size() > 1) {
            path.pop();
            QCOMPARE(path.machine().stateHash(), hashes[path.size() - 1]);
            QCOMPARE(path.machine().steps(), steps[path.size() - 1]);
        }
        compareMachines(path.machine(), Machine(s.world));
    }

    void equalHashesHaveEqualFutures_data()
    {
        addScenarioColumns();
        QTest::newRow("calm") << "calm" << -1;
        QTest::newRow("small-seed") << "small-seed" << -1;
        QTest::newRow("small-seed early-free") << "small-seed" << int(FaultId::EarlyFree);
        QTest::newRow("small-readers") << "small-readers" << -1;
        QTest::newRow("small-two-writers skip-flip-wait") << "small-two-writers" << int(FaultId::SrcuSkipFlipWait);
    }
    void equalHashesHaveEqualFutures()
    {
        // The hash leaves out registers outside fsnotify() and return values, on the claim
        // that no later step reads them. States reached by different schedules that share
        // a hash but differ in those values must then do the same things from there on.
        const Scenario s = fetchScenario();
        struct Seen {
            uint64_t seed;
            uint64_t steps;
        };
        std::map<uint64_t, Seen> seen;
        std::vector<Action> enabled;
        int compared = 0;
        for (uint64_t seed = 1; seed <= 60 && compared < 40; ++seed) {
            Machine m(s.world);
            Rng rng(seed);
            for (uint64_t n = 1; n <= 300 && m.status() == RunStatus::Running; ++n) {
                m.apply(pick(m, rng, enabled));
                const auto [it, fresh] = seen.try_emplace(m.stateHash(), Seen{seed, n});
                if (fresh || m.status() != RunStatus::Running)
                    continue;
                Machine a = replay(s, it->second.seed, it->second.steps);
                if (a.tasks() == m.tasks())
                    continue; // the same state: nothing to learn
                Machine b = m;
                a.setTracing(true);
                b.setTracing(true);
                Rng future(seed * 1000 + n);
                for (int k = 0; k < 60 && a.status() == RunStatus::Running; ++k) {
                    std::vector<Action> enabledA, enabledB;
                    a.enabledActions(enabledA);
                    b.enabledActions(enabledB);
                    QVERIFY(enabledA == enabledB);
                    const Action next = enabledA[future.below(enabledA.size())];
                    a.apply(next);
                    b.apply(next);
                    QVERIFY(records(a.trace()) == records(b.trace()));
                    QCOMPARE(a.stateHash(), b.stateHash());
                    QCOMPARE(a.status(), b.status());
                    a.clearTrace();
                    b.clearTrace();
                }
                ++compared;
            }
        }
        // Otherwise the claim went untested.
        QVERIFY2(compared >= 10, qPrintable(QString("only %1 pairs compared").arg(compared)));
    }
};

} // namespace racescope

QTEST_GUILESS_MAIN(racescope::TestSearchState)
#include "tst_search_state.moc"
