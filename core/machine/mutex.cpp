// struct mutex as one owner word in memory (0 = free, else the owner's task + 1).
// A contended lock sleeps until an unlock wakes every waiter; they then race for it again,
// so the order in which waiters get the lock is the scheduler's choice.

#include "machine/steps.h"

namespace racescope::steps {

// arg0: the mutex
Flow mutex_lock(Exec& x)
{
    Frame& f = x.frame();
    if (f.pc == 0) {
        x.at(3);
        uint64_t owner = 0;
        if (!x.load(f.arg[0], 8, owner))
            return Flow::Oops;
        if (owner != 0) {
            x.at(4);
            return x.leave(TaskState::Blocked, SleepReason::Mutex, f.arg[0]);
        }
        if (!x.store(f.arg[0], 8, x.taskId() + 1u))
            return Flow::Oops;
        f.pc = 1;
        return Flow::Yield;
    }
    x.at(5);
    return x.ret(0);
}

Flow mutex_unlock(Exec& x)
{
    Frame& f = x.frame();
    if (f.pc == 0) {
        x.at(3);
        if (!x.store(f.arg[0], 8, 0))
            return Flow::Oops;
        x.at(4);
        x.wakeMutexWaiters(f.arg[0]);
        f.pc = 1;
        return Flow::Yield;
    }
    x.at(5);
    return x.ret(0);
}

} // namespace racescope::steps
