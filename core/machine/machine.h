#pragma once
// The simulated machine: memory, allocator, CPUs, tasks. It advances by one step per
// Action, the scheduler's choice of which task runs next on which CPU; a step is a pure
// function of the machine's state and that choice, so the same scenario, seed and strategy
// give the same run on any machine, and a copy of a Machine is a checkpoint.
//
// A step performs at most one visible action of simulated code: one load or store, one
// lock operation, one allocation, one sleep or one return to user mode. Calls and returns
// between modelled functions happen inside a step, so steps line up with listing lines.

#include "machine/task.h"
#include "machine/world.h"
#include "memory/access_fault.h"
#include "memory/memory.h"
#include "memory/slab.h"
#include "sched/rng.h"
#include "trace/trace.h"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace racescope {

enum class ActionKind : uint8_t {
    Run,   // execute the task's next step on `cpu`, switching it in if it is not current
    Sleep, // the task, at a point that may sleep (a GFP_KERNEL allocation), gives up its CPU
};

struct Action {
    uint8_t task = 0;
    uint8_t cpu = 0;
    ActionKind kind = ActionKind::Run;
    bool operator==(const Action&) const = default;
};

struct Oops {
    uint64_t step = 0;
    uint8_t cpu = 0;
    uint8_t task = 0;
    AccessFaultKind kind = AccessFaultKind::None;
    uint64_t address = 0;  // the address that could not be accessed
    bool write = false;
    uint16_t site = 0;
    Registers regs;
    std::vector<uint16_t> callSites; // innermost first: the faulting site, then each caller's
    // Where the pointer that was dereferenced came from (for fsnotify's walk: the ->next it
    // followed), so a report can name the object it was read out of.
    uint64_t pointerSource = 0;
    uint64_t pointerLoadStep = 0;
    std::vector<uint64_t> walk; // the ->next words followed, oldest first
    uint64_t readLockStep = 0;
    // The allocator's record of each walked object and of the faulting address's object, as
    // they were at the oops: with on_oops kill-task the run goes on, objects are reused, and
    // a report written later must still name what the reader met.
    std::vector<ObjectShadow> walkShadows; // parallel to walk; default for the list head
    std::optional<ObjectShadow> faultShadow;
};

enum class RunStatus : uint8_t { Running, Oopsed, Finished, Deadlock };
std::string_view runStatusName(RunStatus status);

// An op of a task's program as the system call it makes, worked out once when the machine
// is built rather than every time the op starts.
struct Syscall {
    FunctionId fn = FunctionId::UserMode;
    int16_t fdArg = -1; // for read: arg 0 is the group behind this fd when the call is made
    std::array<uint64_t, 4> args{};
};

// What the machine built from a WorldSpec and never changes afterwards.
struct World {
    WorldSpec spec;
    std::vector<uint64_t> inodeAddress;
    std::vector<std::string> taskNames;
    std::vector<std::vector<Syscall>> programs; // parallel to spec.tasks[i].program
};

class Exec;
struct MachineCheckpoint;

class Machine {
public:
    explicit Machine(const WorldSpec& spec);

    // One step. Throws std::logic_error if the action is not enabled.
    void apply(const Action& action);
    // The same without the check, for schedulers that only produce enabled actions.
    void applyEnabled(const Action& action);
    // The same through `exec`, an Exec bound to this machine that a run loop keeps for all its
    // steps (see exec.h).
    void applyEnabled(const Action& action, Exec& exec);

    bool isEnabled(const Action& action) const;
    void enabledActions(std::vector<Action>& out) const;
    // Tasks that can take a step now, in a stable order.
    const std::vector<uint8_t>& runnable() const { return m_runnable; }
    bool isOnCpu(uint8_t task) const { return m_cpus[m_tasks[task].cpu].current == task; }
    bool atSleepablePoint(uint8_t task) const;
    // A task that is not current may run on cpu unless that CPU's task has preemption off.
    bool canPreempt(uint8_t cpu) const { return m_cpus[cpu].idle() || m_cpus[cpu].preemptCount == 0; }

    RunStatus status() const { return m_status; }
    uint64_t steps() const { return m_step; }
    const std::vector<Oops>& oopses() const { return m_oopses; }

    const World& world() const { return *m_world; }
    const Memory& memory() const { return m_memory; }
    const SlabAllocator& allocator() const { return m_slab; }
    const std::vector<Task>& tasks() const { return m_tasks; }
    const std::vector<Cpu>& cpus() const { return m_cpus; }
    const FaultSet& faults() const { return m_world->spec.faults; }

    // Starts fn(args) on a task that is in user mode, as if its program had made the call.
    // For tests of single primitives, and for lessons that stage a situation.
    void injectCall(uint8_t task, FunctionId fn, std::initializer_list<uint64_t> args);
    // Writes here bypass the trace: for setting up a situation before the first step.
    Memory& setupMemory() { return m_memory; }
    SlabAllocator& setupAllocator() { return m_slab; }

    // A digest of everything that decides what the machine does next (see state_hash.cpp).
    uint64_t stateHash() const;

    void setTracing(bool on) { m_tracing = on; }
    bool tracing() const { return m_tracing; }
    const Trace& trace() const { return m_trace; }
    // Drops what was recorded so far. The explorer traces one step at a time to learn what it
    // touched, and must not carry those records into every copy made further down the path.
    void clearTrace() { m_trace.clear(); }

    // Taking steps back, for depth-first searches (checkpoint.h). With a journal set, every
    // store records what it overwrote; save() keeps everything else a step may change, and
    // restore() puts back the state save() saw, provided the journal has not been cut since.
    // Trace records are not taken back: a search that traces a step clears them.
    void setJournal(StoreJournal* journal) { m_journal.target = journal; }
    void save(MachineCheckpoint& out) const;
    void restore(const MachineCheckpoint& saved);

private:
    friend class Exec;

    void boot();
    void bootGroup(const GroupSpec& group);
    void runTask(uint8_t task, Exec& x);
    // The run loop is compiled flattened (runner.cpp); what a step seldom does stays out of
    // line, so that the loop's hot path keeps its values in registers.
    [[gnu::noinline]] bool startNextOp(Exec& x);
    static Syscall syscallOf(const OpSpec& op, const std::vector<uint64_t>& inodeAddress);
    [[gnu::noinline]] void recordEvent(RecordKind kind, uint8_t cpu, uint8_t task, uint64_t address, uint64_t after,
                                       uint16_t aux);
    void switchTo(uint8_t cpu, uint8_t task);
    [[gnu::noinline]] void leaveCpu(uint8_t task, SleepReason reason);
    void quiescentState(uint8_t cpu)
    {
        ++m_cpus[cpu].quiescentStates;
        if (m_gpWaitCpus & (1ull << cpu)) [[unlikely]]
            endGracePeriods(cpu);
    }
    [[gnu::noinline]] void endGracePeriods(uint8_t cpu);
    [[gnu::noinline]] void setState(uint8_t task, TaskState state);
    [[gnu::noinline]] void raiseOops(Exec& x);
    void updateStatus();

    std::shared_ptr<const World> m_world;
    Memory m_memory;
    SlabAllocator m_slab;
    std::vector<Task> m_tasks;
    std::vector<Cpu> m_cpus;
    std::vector<uint8_t> m_runnable;
    std::vector<Oops> m_oopses;
    uint64_t m_step = 0;
    // CPUs that some task in synchronize_sched() still waits for (the union of their
    // gpPending): a quiescent state on any other CPU ends no grace period.
    uint64_t m_gpWaitCpus = 0;
    // Tasks asleep on a mutex: while there are none, an unlock has nobody to wake.
    uint32_t m_blockedTasks = 0;
    Rng m_faultRng{1};
    uint64_t m_scribbleStep = 0; // 0: no scribble pending
    RunStatus m_status = RunStatus::Running;
    bool m_tracing = false;
    bool m_kasan = false; // the world's switch, kept here: every load and store reads it
    Trace m_trace;
    // Neither a copy nor an assignment carries the journal over: a copy made for a look ahead
    // must not write into the journal of the machine it was copied from.
    struct JournalHook {
        StoreJournal* target = nullptr;
        JournalHook() = default;
        JournalHook(const JournalHook&) {}
        JournalHook& operator=(const JournalHook&) { return *this; }
    };
    JournalHook m_journal;
};

} // namespace racescope
