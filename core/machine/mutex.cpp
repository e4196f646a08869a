// struct mutex as one owner word in memory (0 = free, else the owner's task + 1).
// A contended lock sleeps until an unlock wakes every waiter; they then race for it again,
// so the order in which waiters get the lock is the scheduler's choice.

#include "machine/steps.h"

namespace racescope::steps {

// arg0: the mutex
template <uint8_t PC> Flow mutex_lock(Exec& x)
{
    Frame& f = x.frame();
    if (PC == 0) {
        x.at<FunctionId::mutex_lock>(3);
        uint64_t owner = 0;
        if (!x.load(f.arg[0], 8, owner))
            return Flow::Oops;
        if (owner != 0) {
            x.at<FunctionId::mutex_lock>(4);
            return x.leave(TaskState::Blocked, SleepReason::Mutex, f.arg[0]);
        }
        if (!x.store(f.arg[0], 8, x.taskId() + 1u))
            return Flow::Oops;
        f.pc = 1;
        return Flow::Yield;
    }
    x.at<FunctionId::mutex_lock>(5);
    return x.ret(0);
}

template <uint8_t PC> Flow mutex_unlock(Exec& x)
{
    Frame& f = x.frame();
    if (PC == 0) {
        x.at<FunctionId::mutex_unlock>(3);
        if (!x.store(f.arg[0], 8, 0))
            return Flow::Oops;
        x.at<FunctionId::mutex_unlock>(4);
        x.wakeMutexWaiters(f.arg[0]);
        f.pc = 1;
        return Flow::Yield;
    }
    x.at<FunctionId::mutex_unlock>(5);
    return x.ret(0);
}

// The handlers, one per case (see steps.h).
namespace handlers {
constinit const StepTable mutex_lock = stepTable<1>([]<uint8_t PC>() { return &steps::mutex_lock<PC>; });
constinit const StepTable mutex_unlock = stepTable<1>([]<uint8_t PC>() { return &steps::mutex_unlock<PC>; });
} // namespace handlers

} // namespace racescope::steps
