// Properties over many runs: no schedule crashes a correct kernel, and a run is a pure
// function of its inputs.

#include "scenario/overrides.h"
#include "sched/runner.h"

#include <QTest>

namespace racescope {

namespace {
struct Result {
    RunOutcome outcome;
    size_t oopses = 0;
    std::string sha;
};

Result run(const std::string& name, uint64_t seed, uint64_t steps, bool trace, ScenarioOverrides o = {})
{
    Scenario s = *loadScenario(name).scenario;
    o.seed = seed;
    o.maxSteps = steps;
    applyOverrides(s, o);
    Machine m(s.world);
    m.setTracing(trace);
    std::unique_ptr<Scheduler> scheduler = makeScheduler(s);
    Result r;
    r.outcome = runMachine(m, *scheduler, s.maxSteps);
    r.oopses = m.oopses().size();
    if (trace)
        r.sha = m.trace().sha256Hex();
    return r;
}
} // namespace

class TestProperties : public QObject {
    Q_OBJECT
private slots:
    void noFaultNoOops_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("seeds");
        QTest::addColumn<int>("steps");
        QTest::addColumn<int>("cpus");
        QTest::addColumn<QString>("allocator");
        QTest::newRow("seed, 4 CPUs") << "seed" << 2000 << 20000 << 4 << "slub";
        QTest::newRow("seed, 2 CPUs") << "seed" << 500 << 20000 << 2 << "slub";
        QTest::newRow("seed, 1 CPU") << "seed" << 200 << 20000 << 1 << "slub";
        QTest::newRow("seed, 16 CPUs, poison") << "seed" << 300 << 20000 << 16 << "slub-poison";
        QTest::newRow("calm") << "calm" << 500 << 20000 << 2 << "slub";
        QTest::newRow("two-writers") << "two-writers" << 500 << 20000 << 2 << "slub";
        QTest::newRow("shared-group") << "shared-group" << 300 << 50000 << 2 << "slub";
    }

    void noFaultNoOops()
    {
        QFETCH(QString, scenario);
        QFETCH(int, seeds);
        QFETCH(int, steps);
        QFETCH(int, cpus);
        QFETCH(QString, allocator);
        ScenarioOverrides o;
        o.cpus = static_cast<unsigned>(cpus);
        o.allocator = allocatorFromName(allocator.toStdString());
        for (int seed = 1; seed <= seeds; ++seed) {
            const Result r = run(scenario.toStdString(), static_cast<uint64_t>(seed), static_cast<uint64_t>(steps), false, o);
            if (r.oopses != 0 || r.outcome.status != RunStatus::Running)
                QFAIL(qPrintable(QString("seed %1 ended with %2 after %3 steps")
                                     .arg(seed)
                                     .arg(QString::fromStdString(std::string(runStatusName(r.outcome.status))))
                                     .arg(r.outcome.steps)));
        }
    }

    void roundRobinNeverCrashesEither()
    {
        ScenarioOverrides o;
        o.strategy = StrategyKind::RoundRobin;
        const Result r = run("seed", 1, 200000, false, o);
        QCOMPARE(r.oopses, size_t(0));
        QCOMPARE(r.outcome.status, RunStatus::Running);
    }

    void sameInputsSameTrace()
    {
        const Result a = run("seed", 42, 30000, true);
        const Result b = run("seed", 42, 30000, true);
        QCOMPARE(a.sha.size(), size_t(64));
        QCOMPARE(a.sha, b.sha);
    }

    void differentSeedsDifferentTraces()
    {
        QVERIFY(run("seed", 1, 30000, true).sha != run("seed", 2, 30000, true).sha);
        QVERIFY(run("calm", 1, 30000, true).sha != run("calm", 2, 30000, true).sha);
    }

    void theFaultChangesTheTrace()
    {
        ScenarioOverrides o;
        o.faults.push_back(FaultId::EarlyFree);
        QVERIFY(run("seed", 5, 3000, true).sha != run("seed", 5, 3000, true, o).sha);
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestProperties)
#include "tst_properties.moc"
