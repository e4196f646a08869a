#include "machine_fixture.h"
#include "machine/exec.h"
#include "memory/layout.h"
#include "scenario/scenario.h"
#include "sched/runner.h"

#include <QTest>

namespace racescope {

using namespace test;

namespace {
std::vector<Action> firstActions(Scheduler& s, Machine& m, int n)
{
    std::vector<Action> out;
    for (int i = 0; i < n; ++i) {
        std::optional<Action> a = s.next(m);
        if (!a)
            break;
        out.push_back(*a);
        m.apply(*a);
    }
    return out;
}

Scenario seedScenario()
{
    ScenarioResult r = loadScenario("seed");
    if (!r.ok())
        qFatal("%s", r.error.toString().c_str());
    return *r.scenario;
}
} // namespace

class TestScheduler : public QObject {
    Q_OBJECT
private slots:
    void randomIsReproducibleFromItsSeed()
    {
        const Scenario s = seedScenario();
        Machine a(s.world), b(s.world), c(s.world);
        RandomScheduler ra(7), rb(7), rc(8);
        const std::vector<Action> first = firstActions(ra, a, 2000);
        QCOMPARE(first.size(), size_t(2000));
        QVERIFY(first == firstActions(rb, b, 2000));
        QVERIFY(first != firstActions(rc, c, 2000));
    }

    void randomSleepsAndMigratesSometimes()
    {
        const Scenario s = seedScenario();
        Machine m(s.world);
        RandomScheduler r(3);
        int sleeps = 0, migrations = 0;
        for (int i = 0; i < 50000 && m.status() == RunStatus::Running; ++i) {
            const Action a = *r.next(m);
            sleeps += a.kind == ActionKind::Sleep;
            migrations += a.cpu != m.tasks()[a.task].cpu;
            m.apply(a);
        }
        QVERIFY(sleeps > 0);
        QVERIFY(migrations > 0);
    }

    // Task::step is derived from the stack and must be current between steps, whatever
    // path the step took (calls, returns, sleeps, back to user mode), in copies too, and
    // after an injected call.
    void tasksKeepTheirStepHandlerCurrent()
    {
        const Scenario s = seedScenario();
        Machine m(s.world);
        RandomScheduler r(5);
        const auto current = [](const Machine& machine) {
            for (const Task& t : machine.tasks()) {
                if (t.step != stepHandler(t))
                    return false;
            }
            return true;
        };
        QVERIFY(current(m));
        for (int i = 0; i < 20000 && m.status() == RunStatus::Running; ++i) {
            m.apply(*r.next(m));
            QVERIFY2(current(m), qPrintable(QStringLiteral("after step %1").arg(m.steps())));
        }
        const Machine copy = m;
        QVERIFY(current(copy));

        Machine idle(idleWorld(2, 2));
        idle.injectCall(1, FunctionId::srcu_read_lock, {layout::fsnotify_grp_srcu});
        QVERIFY(idle.tasks()[1].step != nullptr);
        QVERIFY(current(idle));
        QCOMPARE(finishCall(idle, 1), 3);
        QVERIFY(idle.tasks()[1].step == nullptr);
    }

    // Programs become system calls when the machine is built, so a program that names a
    // file descriptor or inode outside the world is refused then, not when it runs.
    void programsAreCheckedWhenTheMachineIsBuilt()
    {
        WorldSpec spec = idleWorld(2, 2);
        spec.inodes = {"dir"};
        spec.tasks[1].program = {OpSpec{.kind = OpKind::Read, .fd = kMaxFds}};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Machine{spec});
        spec.tasks[1].program = {OpSpec{.kind = OpKind::Unlink, .inode = 1}};
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, Machine{spec});
        spec.tasks[1].program = {OpSpec{.kind = OpKind::Unlink, .inode = 0}};
        Machine m(spec);
        step(m, 1);
        QCOMPARE(m.tasks()[1].stack[0].fn, FunctionId::vfs_unlink);
        QCOMPARE(m.tasks()[1].stack[0].arg[0], m.world().inodeAddress[0]);
    }

    void roundRobinVisitsTasksInTurn()
    {
        Machine m(idleWorld(3, 3));
        for (uint8_t t = 0; t < 3; ++t)
            m.injectCall(t, FunctionId::synchronize_srcu, {0xffffffff823fb360});
        RoundRobinScheduler rr;
        const std::vector<Action> actions = firstActions(rr, m, 6);
        std::vector<int> order;
        for (const Action& a : actions)
            order.push_back(a.task);
        QCOMPARE(order, (std::vector<int>{0, 1, 2, 0, 1, 2}));
    }

    void scriptedRunsExactlyItsEntries()
    {
        Machine m(idleWorld(2, 2));
        m.injectCall(0, FunctionId::srcu_read_lock, {0xffffffff823fb360});
        m.injectCall(1, FunctionId::srcu_read_lock, {0xffffffff823fb360});
        ScriptedScheduler s({{1, -1, ActionKind::Run}, {0, -1, ActionKind::Run}, {1, -1, ActionKind::Run}},
                            AfterSchedule::Stop);
        const std::vector<Action> actions = firstActions(s, m, 10);
        QCOMPARE(actions.size(), size_t(3));
        QCOMPARE(int(actions[0].task), 1);
        QCOMPARE(int(actions[1].task), 0);
        QVERIFY(s.error().empty());
    }

    void scriptedExplainsAnEntryThatCannotRun()
    {
        Machine m(idleWorld(1, 2));
        m.injectCall(0, FunctionId::srcu_read_lock, {0xffffffff823fb360});
        m.injectCall(1, FunctionId::srcu_read_lock, {0xffffffff823fb360});
        // t0 takes its first read-lock step: preemption is off on CPU 0, so t1 cannot run there.
        ScriptedScheduler s({{0, -1, ActionKind::Run}, {1, -1, ActionKind::Run}}, AfterSchedule::Stop);
        const RunOutcome outcome = runMachine(m, s, 100);
        QCOMPARE(outcome.steps, 1ull);
        QVERIFY2(outcome.schedulerError.find("entry 2") != std::string::npos, outcome.schedulerError.c_str());
        QVERIFY(outcome.schedulerError.find("'t1'") != std::string::npos);
        QVERIFY(outcome.schedulerError.find("CPU 0") != std::string::npos);
    }

    void sleepEntryOnlyAtAnAllocation()
    {
        Machine m(idleWorld(1, 1));
        m.injectCall(0, FunctionId::srcu_read_lock, {0xffffffff823fb360});
        ScriptedScheduler s({{0, -1, ActionKind::Sleep}}, AfterSchedule::Stop);
        QVERIFY(!s.next(m));
        QVERIFY(s.error().find("may sleep") != std::string::npos);
    }

    void scriptedFallsBackToRoundRobin()
    {
        Machine m(idleWorld(1, 1));
        m.injectCall(0, FunctionId::synchronize_srcu, {0xffffffff823fb360});
        ScriptedScheduler s({{0, -1, ActionKind::Run}}, AfterSchedule::RoundRobin);
        const RunOutcome outcome = runMachine(m, s, 1000);
        QCOMPARE(outcome.status, RunStatus::Finished);
        QVERIFY(outcome.steps > 1);
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestScheduler)
#include "tst_scheduler.moc"
