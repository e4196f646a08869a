// Classic SRCU as in 2.6.31 (kernel/srcu.c), over fsnotify_grp_srcu.
//
// Who may run at once: any number of srcu_read_lock()/srcu_read_unlock() on any CPUs,
// concurrently with one synchronize_srcu() (sp->mutex serialises the writers). A reader
// may sleep or migrate inside its section; the only promise is that synchronize_srcu()
// returns after every section that began before it has ended.
//
// The counters live in the per-CPU area; the model takes the per-CPU pointer as known
// rather than loading sp->per_cpu_ref each time.

#include "machine/steps.h"
#include "memory/layout.h"

#include <stdexcept>

namespace racescope::steps {

namespace {
uint64_t counterAddress(unsigned cpu, uint64_t idx)
{
    return layout::kPerCpuBase + cpu * layout::kPerCpuStride + 4 * (idx & 1);
}
} // namespace

// Two steps with preemption off between them: another CPU may flip `completed` after this
// CPU sampled it, but this CPU cannot pass a quiescent state in between.
template <uint8_t PC> Flow srcu_read_lock(Exec& x)
{
    Frame& f = x.frame();
    uint64_t value = 0;
    switch (PC) {
    case 0:
        x.at<FunctionId::srcu_read_lock>(3);
        ++x.cpu().preemptCount;
        x.at<FunctionId::srcu_read_lock>(4);
        if (!x.load(layout::kSrcuCompleted, 4, value))
            return Flow::Oops;
        f.local[0] = value & 1;
        f.pc = 1;
        return Flow::Yield;
    case 1: {
        x.at<FunctionId::srcu_read_lock>(5);
        const uint64_t counter = counterAddress(x.cpuId(), f.local[0]);
        if (!x.load(counter, 4, value) || !x.store(counter, 4, static_cast<uint32_t>(value + 1)))
            return Flow::Oops;
        --x.cpu().preemptCount;
        f.pc = 2;
        return Flow::Yield;
    }
    default:
        x.at<FunctionId::srcu_read_lock>(7);
        return x.ret(f.local[0]);
    }
}

// arg1: idx. The CPU may differ from the lock's: a single counter may go negative.
template <uint8_t PC> Flow srcu_read_unlock(Exec& x)
{
    Frame& f = x.frame();
    if (PC == 0) {
        x.at<FunctionId::srcu_read_unlock>(4);
        const uint64_t counter = counterAddress(x.cpuId(), f.arg[1]);
        uint64_t value = 0;
        if (!x.load(counter, 4, value) || !x.store(counter, 4, static_cast<uint32_t>(value - 1)))
            return Flow::Oops;
        f.pc = 1;
        return Flow::Yield;
    }
    x.at<FunctionId::srcu_read_unlock>(6);
    return x.ret(0);
}

// The ten visible steps of MODEL.md section 3. local0: idx
template <uint8_t PC> Flow synchronize_srcu(Exec& x)
{
    Frame& f = x.frame();
    uint64_t value = 0;
    enum : uint8_t { Snapshot, Lock, CheckDone, UnlockDone, Sched1, SampleIdx, Flip, Sched2, Scan, Sched3, Unlock, Return };
    switch (PC) {
    case Snapshot:
        x.at<FunctionId::synchronize_srcu>(5);
        if (!x.load(layout::kSrcuCompleted, 4, value))
            return Flow::Oops;
        f.local[0] = value;
        f.pc = Lock;
        return Flow::Yield;
    case Lock:
        x.at<FunctionId::synchronize_srcu>(6);
        f.pc = CheckDone;
        return x.call(FunctionId::mutex_lock, {layout::kSrcuMutex});
    case CheckDone:
        x.at<FunctionId::synchronize_srcu>(7);
        if (!x.load(layout::kSrcuCompleted, 4, value))
            return Flow::Oops;
        // Two flips since the snapshot mean a full grace period passed; the fault trusts one.
        f.pc = static_cast<int32_t>(value - f.local[0]) >= (x.fault(FaultId::SrcuEarlyExit1) ? 1 : 2) ? UnlockDone
                                                                                                    : Sched1;
        return Flow::Yield;
    case UnlockDone:
        x.at<FunctionId::synchronize_srcu>(8);
        f.pc = Return;
        return x.call(FunctionId::mutex_unlock, {layout::kSrcuMutex});
    case Sched1:
        x.at<FunctionId::synchronize_srcu>(11);
        f.pc = SampleIdx;
        return x.call(FunctionId::synchronize_sched);
    case SampleIdx:
        x.at<FunctionId::synchronize_srcu>(12);
        if (!x.load(layout::kSrcuCompleted, 4, value))
            return Flow::Oops;
        f.local[0] = value & 1;
        f.pc = Flip;
        return Flow::Yield;
    case Flip:
        x.at<FunctionId::synchronize_srcu>(13);
        if (!x.load(layout::kSrcuCompleted, 4, value) ||
            !x.store(layout::kSrcuCompleted, 4, static_cast<uint32_t>(value + 1)))
            return Flow::Oops;
        f.pc = Sched2;
        return Flow::Yield;
    case Sched2:
        f.pc = Scan;
        if (x.fault(FaultId::SrcuSkipFlipWait))
            return Flow::Continue; // a reader between its two lock steps is not waited for
        x.at<FunctionId::synchronize_srcu>(14);
        return x.call(FunctionId::synchronize_sched);
    case Scan: {
        x.at<FunctionId::synchronize_srcu>(15);
        int64_t sum = 0;
        for (unsigned cpu = 0; cpu < x.cpuCount(); ++cpu) {
            if (!x.load(counterAddress(cpu, f.local[0]), 4, value))
                return Flow::Oops;
            sum += static_cast<int32_t>(value);
        }
        if (sum != 0) {
            x.at<FunctionId::synchronize_srcu>(16); // schedule_timeout_interruptible(1), then scan again
            return x.leave(TaskState::Runnable, SleepReason::Tick);
        }
        f.pc = Sched3;
        return Flow::Yield;
    }
    case Sched3:
        x.at<FunctionId::synchronize_srcu>(17);
        f.pc = Unlock;
        return x.call(FunctionId::synchronize_sched);
    case Unlock:
        x.at<FunctionId::synchronize_srcu>(18);
        f.pc = Return;
        return x.call(FunctionId::mutex_unlock, {layout::kSrcuMutex});
    case Return:
        x.at<FunctionId::synchronize_srcu>(19);
        return x.ret(0);
    }
    throw std::logic_error("synchronize_srcu: bad pc");
}

// Sleeps until every other CPU that was running kernel code has passed a quiescent state
// (a context switch, idle, or a return to user mode). This CPU passes one by sleeping. A
// task asleep inside an SRCU section holds nothing up: its CPU switched away from it.
template <uint8_t PC> Flow synchronize_sched(Exec& x)
{
    Frame& f = x.frame();
    if (PC == 0) {
        x.at<FunctionId::synchronize_sched>(4);
        x.task().gpPending = x.busyCpusOtherThanMine();
        f.pc = 1;
        return x.leave(TaskState::WaitGp, SleepReason::GracePeriod);
    }
    x.at<FunctionId::synchronize_sched>(5);
    return x.ret(0);
}

// The handlers, one per case (see steps.h).
namespace handlers {
constinit const StepTable srcu_read_lock = stepTable<2>([]<uint8_t PC>() { return &steps::srcu_read_lock<PC>; });
constinit const StepTable srcu_read_unlock = stepTable<1>([]<uint8_t PC>() { return &steps::srcu_read_unlock<PC>; });
constinit const StepTable synchronize_srcu = stepTable<12>([]<uint8_t PC>() { return &steps::synchronize_srcu<PC>; });
constinit const StepTable synchronize_sched = stepTable<1>([]<uint8_t PC>() { return &steps::synchronize_sched<PC>; });
} // namespace handlers

} // namespace racescope::steps
