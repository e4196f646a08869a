#include "machine/exec.h"

#include <algorithm>
#include <stdexcept>

namespace racescope {

Exec::Exec(Machine& machine, uint8_t task)
    : m_machine(machine)
    , m_taskId(task)
    , m_task(machine.m_tasks[task])
    , m_bus(machine.m_memory, machine.m_tracing ? &machine.m_trace : nullptr)
    , m_kasan(machine.m_world->spec.kasan)
{
    m_bus.context.step = machine.m_step;
    m_bus.context.cpu = m_task.cpu;
    m_bus.context.task = task;
}





Flow Exec::call(FunctionId fn, std::initializer_list<uint64_t> args)
{
    if (m_task.depth >= kMaxDepth)
        throw std::logic_error("modelled call stack overflow");
    // The call belongs to the caller's line; the callee's own lines follow.
    m_bus.record(RecordKind::Call, functionAddress(fn), 0, 0, 0, static_cast<uint16_t>(fn));
    Frame& f = m_task.stack[m_task.depth++];
    f.fn = fn;
    f.pc = 0;
    f.line = 0;
    f.arg = {};
    f.local = {};
    std::copy(args.begin(), args.begin() + std::min<size_t>(args.size(), f.arg.size()), f.arg.begin());
    m_bus.context.site = makeSite(fn, 0);
    // A GFP_KERNEL allocation may sleep before it does anything: the step ends at its door,
    // so that the scheduler can choose to put the task to sleep there.
    return fn == FunctionId::kmalloc ? Flow::Yield : Flow::Continue;
}

Flow Exec::ret(uint64_t value)
{
    const FunctionId fn = frame().fn;
    m_bus.record(RecordKind::Return, functionAddress(fn), 0, value, 0, static_cast<uint16_t>(fn));
    m_task.retval = value;
    m_task.regs.rax = value; // the x86-64 return register
    --m_task.depth;
    if (m_task.depth > 0)
        m_bus.context.site = makeSite(frame().fn, frame().line);
    return Flow::Continue;
}

Flow Exec::leave(TaskState state, SleepReason reason, uint64_t waitAddress)
{
    m_task.reason = reason;
    m_task.waitAddress = waitAddress;
    if (state == TaskState::WaitGp && m_task.gpPending == 0)
        state = TaskState::Runnable; // every other CPU was already quiescent
    m_machine.setState(m_taskId, state);
    return Flow::Leave;
}

void Exec::wakeMutexWaiters(uint64_t mutex)
{
    for (uint8_t i = 0; i < m_machine.m_tasks.size(); ++i) {
        Task& t = m_machine.m_tasks[i];
        if (t.state == TaskState::Blocked && t.waitAddress == mutex) {
            t.waitAddress = 0;
            m_machine.setState(i, TaskState::Runnable);
            m_bus.record(RecordKind::Wake, i, 0, mutex, 0, static_cast<uint16_t>(SleepReason::Mutex));
        }
    }
}

uint64_t Exec::busyCpusOtherThanMine() const
{
    uint64_t busy = 0;
    const auto& cpus = m_machine.m_cpus;
    for (uint8_t c = 0; c < cpus.size(); ++c) {
        if (c == m_task.cpu || cpus[c].idle())
            continue;
        // A task in user mode holds no kernel read-side section: that CPU is quiescent.
        if (m_machine.m_tasks[cpus[c].current].inKernel())
            busy |= 1ull << c;
    }
    return busy;
}

} // namespace racescope
