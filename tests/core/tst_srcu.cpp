// Classic SRCU step by step: the two-step read lock, unlock on another CPU, the ten steps
// of synchronize_srcu, and what synchronize_sched waits for (and what it does not).

#include "fsnotify/group_layout.h"
#include "machine_fixture.h"
#include "memory/layout.h"

#include <QTest>

namespace racescope {

using namespace test;

namespace {
constexpr uint64_t kSrcu = layout::fsnotify_grp_srcu;

// The listing lines of synchronize_srcu that the trace shows, in order, without repeats.
std::vector<int> srcuLines(const Machine& m)
{
    std::vector<int> lines;
    for (const TraceRecord& r : m.trace().records()) {
        if (siteFunction(r.site) != FunctionId::synchronize_srcu || siteLine(r.site) == 0)
            continue;
        if (lines.empty() || lines.back() != siteLine(r.site))
            lines.push_back(siteLine(r.site));
    }
    return lines;
}

void readLock(Machine& m, uint8_t task)
{
    m.injectCall(task, FunctionId::srcu_read_lock, {kSrcu});
    finishCall(m, task);
}
} // namespace

class TestSrcu : public QObject {
    Q_OBJECT
private slots:
    void readLockTakesTwoStepsWithPreemptionOff()
    {
        // t0 and t2 share CPU 0; t1 runs on CPU 1.
        Machine m(idleWorld(2, 3));
        m.injectCall(0, FunctionId::srcu_read_lock, {kSrcu});
        m.injectCall(2, FunctionId::srcu_read_lock, {kSrcu});
        step(m, 0); // idx = completed & 1
        QCOMPARE(m.cpus()[0].preemptCount, uint8_t(1));
        QCOMPARE(srcuCounter(m, 0, 0), 0);
        // CPU 0 cannot switch to t2 now...
        QVERIFY(!m.isEnabled({2, 0, ActionKind::Run}));
        // ...but another CPU runs freely in between.
        m.injectCall(1, FunctionId::srcu_read_lock, {kSrcu});
        step(m, 1);
        step(m, 0); // c[0][idx]++
        QCOMPARE(srcuCounter(m, 0, 0), 1);
        QCOMPARE(m.cpus()[0].preemptCount, uint8_t(0));
        QVERIFY(m.isEnabled({2, 0, ActionKind::Run}));
        finishCall(m, 0);
        QCOMPARE(m.tasks()[0].retval, 0ull);
    }

    void readLockUsesTheIndexOfCompleted()
    {
        Machine m(idleWorld(1, 1));
        m.setupMemory().write32(layout::kSrcuCompleted, 5);
        readLock(m, 0);
        QCOMPARE(m.tasks()[0].retval, 1ull);
        QCOMPARE(srcuCounter(m, 0, 1), 1);
        QCOMPARE(srcuCounter(m, 0, 0), 0);
    }

    void unlockOnAnotherCpuLeavesOnlyTheSumMeaningful()
    {
        Machine m(idleWorld(2, 2));
        readLock(m, 0); // on CPU 0
        // t1 takes CPU 0 from t0; t0 wakes up on CPU 1 and unlocks there.
        m.injectCall(1, FunctionId::srcu_read_lock, {kSrcu});
        m.apply({1, 0, ActionKind::Run});
        QVERIFY(!m.isOnCpu(0));
        m.injectCall(0, FunctionId::srcu_read_unlock, {kSrcu, 0});
        m.apply({0, 1, ActionKind::Run});
        QCOMPARE(m.tasks()[0].cpu, uint8_t(1));
        finishCall(m, 1);
        QCOMPARE(srcuCounter(m, 0, 0), 2);  // t0's lock and t1's
        QCOMPARE(srcuCounter(m, 1, 0), -1); // t0's unlock
    }

    void synchronizeSrcuTakesItsTenSteps()
    {
        Machine m(idleWorld(2, 1));
        m.setTracing(true);
        m.injectCall(0, FunctionId::synchronize_srcu, {kSrcu});
        finishCall(m, 0);
        // snapshot, lock, check, sched, sample idx, flip, sched, scan, sched, unlock, return
        QCOMPARE(srcuLines(m), (std::vector<int>{5, 6, 7, 11, 12, 13, 14, 15, 17, 18, 19}));
        QCOMPARE(srcuCompleted(m), 1u);
        QCOMPARE(m.memory().read64(layout::kSrcuMutex), 0ull);
    }

    void scanWaitsForAReaderOfTheOldIndex()
    {
        Machine m(idleWorld(2, 2));
        readLock(m, 1); // t1 holds index 0
        m.injectCall(0, FunctionId::synchronize_srcu, {kSrcu});
        for (int i = 0; i < 200; ++i)
            step(m, 0);
        QVERIFY(m.tasks()[0].inKernel());
        QCOMPARE(m.tasks()[0].top().fn, FunctionId::synchronize_srcu);
        QCOMPARE(int(m.tasks()[0].top().line), 16); // asleep a tick between scans
        QCOMPARE(srcuCompleted(m), 1u);             // the flip happened
        m.injectCall(1, FunctionId::srcu_read_unlock, {kSrcu, 0});
        finishCall(m, 1);
        finishCall(m, 0);
        QVERIFY(!m.tasks()[0].inKernel());
    }

    void readerAfterTheFlipDoesNotHoldUpTheScan()
    {
        Machine m(idleWorld(2, 2));
        m.injectCall(0, FunctionId::synchronize_srcu, {kSrcu});
        while (srcuCompleted(m) == 0)
            step(m, 0);
        readLock(m, 1); // samples index 1, the one not scanned
        finishCall(m, 0);
        QVERIFY(!m.tasks()[0].inKernel());
        QCOMPARE(srcuCounter(m, 1, 1), 1);
    }

    void returnsEarlyWhenTwoFlipsHappenedMeanwhile()
    {
        Machine m(idleWorld(1, 1));
        m.setTracing(true);
        m.injectCall(0, FunctionId::synchronize_srcu, {kSrcu});
        step(m, 0); // snapshot completed = 0
        m.setupMemory().write32(layout::kSrcuCompleted, 2);
        finishCall(m, 0);
        QCOMPARE(srcuLines(m), (std::vector<int>{5, 6, 7, 8, 19}));
        QCOMPARE(srcuCompleted(m), 2u);
    }

    void oneFlipMeanwhileIsNotEnough()
    {
        Machine m(idleWorld(1, 1));
        m.setTracing(true);
        m.injectCall(0, FunctionId::synchronize_srcu, {kSrcu});
        step(m, 0);
        m.setupMemory().write32(layout::kSrcuCompleted, 1);
        finishCall(m, 0);
        QCOMPARE(srcuCompleted(m), 2u);
        QCOMPARE(srcuLines(m).size(), size_t(11));
    }

    void synchronizeSchedWaitsForACpuInTheKernel()
    {
        Machine m(idleWorld(2, 2));
        m.injectCall(1, FunctionId::srcu_read_lock, {kSrcu});
        step(m, 1); // t1 is in the kernel on CPU 1, preemption off
        m.injectCall(0, FunctionId::synchronize_sched, {});
        step(m, 0);
        QCOMPARE(m.tasks()[0].state, TaskState::WaitGp);
        QCOMPARE(m.tasks()[0].gpPending, 0b10ull);
        step(m, 1); // still in the kernel
        QCOMPARE(m.tasks()[0].state, TaskState::WaitGp);
        finishCall(m, 1); // back to user mode: a quiescent state
        QCOMPARE(m.tasks()[0].state, TaskState::Runnable);
        finishCall(m, 0);
    }

    void aSleepingReaderDoesNotHoldUpSynchronizeSched()
    {
        Machine m(idleWorld(2, 2));
        readLock(m, 1);
        m.injectCall(1, FunctionId::kmalloc, {kEventCache, 0}); // GFP_KERNEL: may sleep
        QVERIFY(m.atSleepablePoint(1));
        m.apply({1, 1, ActionKind::Sleep});
        QVERIFY(m.tasks()[1].inKernel());
        m.injectCall(0, FunctionId::synchronize_sched, {});
        finishCall(m, 0);
        // The grace period ended although t1 is still inside its SRCU section.
        QVERIFY(!m.tasks()[0].inKernel());
        QCOMPARE(srcuCounter(m, 1, 0), 1);
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestSrcu)
#include "tst_srcu.moc"
