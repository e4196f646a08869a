#include "machine/exec.h"

#include <algorithm>
#include <stdexcept>

namespace racescope {

Exec::Exec(Machine& machine)
    : m_machine(machine)
    , m_bus(machine.m_memory, machine.m_tracing ? &machine.m_trace : nullptr, machine.m_journal.target)
    , m_kasan(machine.m_kasan)
    , m_plainLoads(!m_kasan && !m_bus.tracing())
    , m_plainStores(m_plainLoads && !machine.m_journal.target)
{
}

template <unsigned Size> Exec::Loaded Exec::loadSized(uint64_t address)
{
    if (m_kasan && !kasanAllows(address, false)) [[unlikely]]
        return {0, false};
    const LoadResult r = m_bus.load(address, Size);
    if (!r.ok()) [[unlikely]]
        return {0, noteFault(r.fault, address, false)};
    return {r.value, true};
}

template <unsigned Size> bool Exec::storeSized(uint64_t address, uint64_t value)
{
    if (m_kasan && !kasanAllows(address, true)) [[unlikely]]
        return false;
    const AccessFaultKind fault = m_bus.store(address, Size, value);
    if (fault != AccessFaultKind::None) [[unlikely]]
        return noteFault(fault, address, true);
    return true;
}

template Exec::Loaded Exec::loadSized<1>(uint64_t);
template Exec::Loaded Exec::loadSized<2>(uint64_t);
template Exec::Loaded Exec::loadSized<4>(uint64_t);
template Exec::Loaded Exec::loadSized<8>(uint64_t);
template bool Exec::storeSized<1>(uint64_t, uint64_t);
template bool Exec::storeSized<2>(uint64_t, uint64_t);
template bool Exec::storeSized<4>(uint64_t, uint64_t);
template bool Exec::storeSized<8>(uint64_t, uint64_t);

void Exec::stackOverflow()
{
    throw std::logic_error("modelled call stack overflow");
}

Flow Exec::leave(TaskState state, SleepReason reason, uint64_t waitAddress)
{
    m_task->reason = reason;
    m_task->waitAddress = waitAddress;
    if (state == TaskState::WaitGp && m_task->gpPending == 0)
        state = TaskState::Runnable; // every other CPU was already quiescent
    m_machine.setState(m_taskId, state);
    return Flow::Leave;
}

void Exec::wakeMutexWaiters(uint64_t mutex)
{
    if (m_machine.m_blockedTasks == 0)
        return;
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
        if (c == m_task->cpu || cpus[c].idle())
            continue;
        // A task in user mode holds no kernel read-side section: that CPU is quiescent.
        if (m_machine.m_tasks[cpus[c].current].inKernel())
            busy |= 1ull << c;
    }
    return busy;
}

} // namespace racescope
