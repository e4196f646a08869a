#pragma once
// What one step read and wrote, as the partial-order reduction (por_search.cpp) sees it. Two
// steps of different tasks are independent when their footprints share no object that one of
// them writes: then they commute (either order reaches the same state) and neither enables
// nor disables the other. Everything a step's outcome depends on must therefore be in its
// footprint, not just the memory it touches:
//
//   memory      every load and store, in 4-byte units (so `mask` and `refcnt`, which share
//               an 8-byte word, stay apart); with KASAN, an allocation or free also writes
//               every unit of its object, whose shadow the checked accesses read
//   CpuCurrent  which task a CPU runs: read by every step on it, written by a switch or by
//               the task leaving; synchronize_sched() reads it on every other CPU
//   CpuPreempt  the CPU's preemption count: srcu_read_lock() writes it, a switch onto the
//               CPU reads it (canPreempt), so it is how one task disables another's action
//   CpuKernel   whether the CPU's task is in the kernel: written by system-call entry and
//               exit, read by synchronize_sched()
//   GpBit       "some task waits in synchronize_sched() for this CPU": written when a task
//               starts waiting and when a quiescent state on the CPU clears it, read by
//               every quiescent state (a switch, a CPU left idle, a return to user mode)
//   TaskState   a task's scheduling state: every action of the task reads it, a wake-up by
//               mutex_unlock() or by a quiescent state writes it
//
// The footprint is read off the machine: the step is applied to a copy with tracing on, so
// loads and stores come from the trace, and the scheduling objects from comparing the
// machine before and after (plus the trace's call of synchronize_sched()).

#include "machine/machine.h"

#include <cstdint>
#include <vector>

namespace racescope {

// A 4-byte unit of memory (its aligned address: kernel addresses are far above 2^60), or a
// scheduling object (kind << 56 | index).
using ObjectKey = uint64_t;

enum class SchedObject : uint8_t { CpuCurrent = 1, CpuPreempt, CpuKernel, GpBit, TaskState };

inline ObjectKey schedObject(SchedObject kind, uint32_t index)
{
    return (uint64_t(kind) << 56) | index;
}

struct Access {
    ObjectKey key = 0;
    bool write = false;
    bool operator==(const Access&) const = default;
};

// Sorted by key, one entry per key, a write wins over a read.
class Footprint {
public:
    void read(ObjectKey key) { m_accesses.push_back({key, false}); }
    void write(ObjectKey key) { m_accesses.push_back({key, true}); }
    void memory(uint64_t address, unsigned size, bool write);
    // Sorts and merges; call once after the last read() or write().
    void seal();

    const std::vector<Access>& accesses() const { return m_accesses; }
    bool empty() const { return m_accesses.empty(); }
    bool conflicts(const Footprint& other) const;
    bool operator==(const Footprint&) const = default;

private:
    std::vector<Access> m_accesses;
};

// The footprint of `action` applied to a machine whose tasks and CPUs were `tasksBefore` and
// `cpusBefore`, giving `after`, whose trace holds exactly the records of that one step.
Footprint stepFootprint(const std::vector<Task>& tasksBefore, const std::vector<Cpu>& cpusBefore,
                        const Action& action, const Machine& after);
inline Footprint stepFootprint(const Machine& before, const Action& action, const Machine& after)
{
    return stepFootprint(before.tasks(), before.cpus(), action, after);
}

// The actions of `task` that are disabled in `machine` although the task could take them
// once another task lets it (it waits to be woken, or a CPU it may run on has preemption
// off, or it was preempted at an allocation where it could have gone to sleep), as the
// objects whose change would enable them. Empty if the task has none: it is done, or every
// action it may take is enabled. The reduction treats this as a step the task is about to
// take, so that a step which disables it is seen to race with it.
Footprint disabledFootprint(const Machine& machine, uint8_t task);

} // namespace racescope
