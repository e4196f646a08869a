#pragma once
// What a modelled kernel function sees while it takes a step: its task, its CPU and one
// door to memory. Each function is a switch over its frame's pc; each case performs at
// most one visible action and returns how the step goes on:
//   Continue - nothing visible happened yet (register work, a change of pc, the return to
//              user mode): keep going. A call or a return runs the next handler itself and
//              passes on its flow (see call()).
//   Yield    - a visible action happened: the step ends here
//   Leave    - the task gave up its CPU (mutex, grace period, tick); its state says why
//   Oops     - a load or store faulted; the machine writes the oops

#include "machine/machine.h"
#include "memory/bus.h"

#include <array>
#include <initializer_list>

namespace racescope {

enum class Flow : uint8_t { Continue, Yield, Leave, Oops };

// The handler of a frame's next step, and of a function's first (dispatch.cpp).
StepFn frameHandler(const Frame& frame);
StepFn entryHandler(FunctionId fn);

class Exec {
public:
    // Bound to the machine's memory, trace and store journal as they are set now; start()
    // chooses the task. A run loop keeps one Exec for all its steps, which saves building
    // its door to memory every step: the machine's tracing and journal must not change
    // while it does.
    explicit Exec(Machine& machine);
    Exec(Machine& machine, uint8_t task) : Exec(machine) { start(task); }

    // The context of the next step of `task`, at the machine's current step.
    void start(uint8_t task)
    {
        m_taskId = task;
        m_task = &m_machine.m_tasks[task];
        m_bus.context = {m_machine.m_step, 0, m_task->cpu, task};
    }

    Task& task() { return *m_task; }
    uint8_t taskId() const { return m_taskId; }
    uint8_t cpuId() const { return m_task->cpu; }
    Cpu& cpu() { return m_machine.m_cpus[m_task->cpu]; }
    Frame& frame() { return m_task->top(); }
    Registers& regs() { return m_task->regs; }
    Bus& bus() { return m_bus; }
    const World& world() const { return *m_machine.m_world; }
    bool fault(FaultId id) const { return m_machine.m_world->spec.faults.has(id); }
    unsigned cpuCount() const { return static_cast<unsigned>(m_machine.m_cpus.size()); }

    // Marks the listing line the next actions belong to; RIP follows. Outside fsnotify our
    // offsets are not the kernel's: four bytes a listing line. A handler that serves one
    // function names it as Fn, which makes the site and RIP constants of its code: a
    // handler's code is run at random, so each one's should be short.
    template <FunctionId Fn> void at(uint8_t line) { atInsn<Fn>(line, 4u * line); }
    // For fsnotify, whose instruction offsets are the seed's.
    template <FunctionId Fn> void atInsn(uint8_t line, uint32_t offset) { mark(Fn, line, offset); }
    // The same for handlers shared by several functions (vfs_op, list_del_entry), which read
    // the function from the frame.
    void at(uint8_t line) { mark(frame().fn, line, 4u * line); }

    // On a fault these note the oops and return false; the caller returns Flow::Oops.
    // When nothing watches the access (no trace, no KASAN, no journal for stores) and the
    // address lies in the region its slot names, the access is a few inline instructions;
    // everything else goes through the door proper, out of line and shared by every handler.
    // A step runs the code of a randomly chosen handler, so each handler's code should stay
    // small: with all of the door inlined into every one of them, callgrind's model of a
    // 32 KB instruction cache missed 2.6 times a step (docs/benchmarks.md has the figures since).
    [[gnu::always_inline]] bool load(uint64_t address, unsigned size, uint64_t& out)
    {
        if (m_plainLoads && m_bus.memory().tryLoad(address, size, out)) [[likely]]
            return true;
        Loaded r;
        switch (size) {
        case 8: r = loadSized<8>(address); break;
        case 4: r = loadSized<4>(address); break;
        case 2: r = loadSized<2>(address); break;
        default: r = loadSized<1>(address); break;
        }
        if (!r.ok) [[unlikely]]
            return false;
        out = r.value;
        return true;
    }
    [[gnu::always_inline]] bool store(uint64_t address, unsigned size, uint64_t value)
    {
        if (m_plainStores && m_bus.memory().tryStore(address, size, value)) [[likely]]
            return true;
        switch (size) {
        case 8: return storeSized<8>(address, value);
        case 4: return storeSized<4>(address, value);
        case 2: return storeSized<2>(address, value);
        default: return storeSized<1>(address, value);
        }
    }

    // A call inside a step: pushes the callee's frame and runs its first step right away,
    // unless it is kmalloc (see push()). A return pops the frame and runs the caller's next
    // step. Both run that handler from here, not from the run loop: a handler's successor
    // through a call or a return is nearly always the same one, and a call site of its own
    // lets the branch predictor learn it. Every handler calls and returns in tail position,
    // after setting its own next pc.
    [[gnu::always_inline]] Flow call(FunctionId fn, std::initializer_list<uint64_t> args = {})
    {
        if (push(fn, args) == Flow::Yield)
            return Flow::Yield;
        return entryHandler(fn)(*this);
    }
    [[gnu::always_inline]] Flow ret(uint64_t value = 0)
    {
        const FunctionId fn = frame().fn;
        m_bus.record(RecordKind::Return, functionAddress(fn), 0, value, 0, static_cast<uint16_t>(fn));
        m_task->retval = value;
        m_task->regs.rax = value; // the x86-64 return register
        --m_task->depth;
        if (m_task->depth == 0)
            return Flow::Continue; // back in user mode: the run loop ends the op
        m_bus.context.site = makeSite(frame().fn, frame().line);
        return frameHandler(frame())(*this);
    }
    // Only pushes the callee's frame: its first step runs when the task next runs (after an
    // indirect call through an ops table, itself a step), or now for the run loop (a new op).
    // Returns how the step goes on at the callee's door (see afterPush()).
    [[gnu::always_inline]] Flow push(FunctionId fn, std::initializer_list<uint64_t> args = {})
    {
        Frame& f = pushFrame(fn);
        // A loop with a small bound, not std::copy: that became a memmove call on every call.
        const size_t n = args.size() < f.arg.size() ? args.size() : f.arg.size();
        for (size_t i = 0; i < n; ++i)
            f.arg[i] = args.begin()[i];
        return afterPush(fn);
    }
    // The same with every argument slot given (unused ones zero).
    [[gnu::always_inline]] Flow push(FunctionId fn, const std::array<uint64_t, 4>& args)
    {
        pushFrame(fn).arg = args;
        return afterPush(fn);
    }

    // The task leaves its CPU in `state` (Runnable for a tick sleep, Blocked, WaitGp).
    Flow leave(TaskState state, SleepReason reason, uint64_t waitAddress = 0);
    void wakeMutexWaiters(uint64_t mutex);
    // CPUs other than this one that are not quiescent right now.
    uint64_t busyCpusOtherThanMine() const;

    SlabResult kmalloc(uint16_t cache, bool zero) { return m_machine.m_slab.kmalloc(m_bus, cache, zero, callerSite()); }
    SlabResult kfree(uint64_t object) { return m_machine.m_slab.kfree(m_bus, object, callerSite()); }
    // The site of the frame that called the current function.
    uint16_t callerSite() const
    {
        if (m_task->depth < 2)
            return 0;
        const Frame& caller = m_task->stack[m_task->depth - 2];
        return makeSite(caller.fn, caller.line);
    }
    // Notes an allocator fault as this step's oops; returns Flow::Oops.
    Flow allocatorFault(const SlabResult& r)
    {
        faultKind = r.fault;
        faultAddress = r.faultAddress;
        faultWrite = false;
        return Flow::Oops;
    }
    void tagObject(uint64_t object, uint32_t tag) { m_machine.m_slab.setTag(object, tag); }

    // Remembers where the pointer now being followed was read from, for the oops report.
    void notePointerSource(uint64_t address)
    {
        m_task->pointerSource = address;
        m_task->pointerStep = m_bus.context.step;
        m_task->walk[m_task->walkLength++ % Task::kWalkMemory] = address;
    }
    // A new list walk starts (inside a fresh SRCU read-side section).
    void beginWalk()
    {
        m_task->walkLength = 0;
        m_task->readLockStep = m_bus.context.step;
    }

    // The oops a step returns Flow::Oops with. The machine clears them once it has written
    // the oops: an Exec outlives steps.
    AccessFaultKind faultKind = AccessFaultKind::None;
    uint64_t faultAddress = 0;
    bool faultWrite = false;

private:
    friend class Machine;
    // The door proper, one copy for each access size. Loaded comes back in two registers.
    struct Loaded {
        uint64_t value;
        bool ok;
    };
    template <unsigned Size> [[gnu::noinline]] Loaded loadSized(uint64_t address);
    template <unsigned Size> [[gnu::noinline]] bool storeSized(uint64_t address, uint64_t value);
    [[noreturn]] static void stackOverflow();
    // A fresh frame for fn on top of the stack, arguments zero.
    [[gnu::always_inline]] Frame& pushFrame(FunctionId fn)
    {
        if (m_task->depth >= kMaxDepth) [[unlikely]]
            stackOverflow();
        // The call belongs to the caller's line; the callee's own lines follow.
        m_bus.record(RecordKind::Call, functionAddress(fn), 0, 0, 0, static_cast<uint16_t>(fn));
        Frame& f = m_task->stack[m_task->depth++];
        f.fn = fn;
        f.pc = 0;
        f.line = 0;
        f.arg = {};
        f.local = {};
        m_bus.context.site = makeSite(fn, 0);
        return f;
    }
    // A GFP_KERNEL allocation may sleep before it does anything: the step ends at its door
    // (Yield), so that the scheduler can choose to put the task to sleep there.
    static constexpr Flow afterPush(FunctionId fn) { return fn == FunctionId::kmalloc ? Flow::Yield : Flow::Continue; }
    [[gnu::always_inline]] void mark(FunctionId fn, uint8_t line, uint32_t offset)
    {
        frame().line = line;
        m_bus.context.site = makeSite(fn, line);
        m_task->regs.rip = functionAddress(fn) + offset;
    }
    // The allocator's own reads of free objects (the freelist link) do not come through
    // here: only the modelled kernel code is checked, as KASAN exempts the allocator.
    // Out of line: runs only with KASAN on, and the door's code stays short without it.
    [[gnu::noinline]] bool kasanAllows(uint64_t address, bool write)
    {
        const std::optional<ObjectRef> ref = m_machine.m_slab.objectAt(address);
        if (!ref || m_machine.m_slab.shadow(*ref).state != ObjectState::Free)
            return true;
        return noteFault(AccessFaultKind::UseAfterFree, address, write);
    }
    bool noteFault(AccessFaultKind kind, uint64_t address, bool write)
    {
        faultKind = kind;
        faultAddress = address;
        faultWrite = write;
        return false;
    }
    Machine& m_machine;
    uint8_t m_taskId = 0;
    Task* m_task = nullptr;
    Bus m_bus;
    bool m_kasan;
    bool m_plainLoads;  // neither KASAN nor the trace looks at a load
    bool m_plainStores; // nor the store journal at a store
};

// The handler of the step at the top of the task's stack, or null in user mode: what
// Task::step must hold between steps.
StepFn stepHandler(const Task& task);

} // namespace racescope
