#include "sched/scheduler.h"

namespace racescope {

namespace {
// Running `task` on `cpu` needs that CPU's current task to allow preemption; when it does
// not (it sits between the two steps of srcu_read_lock), that task runs instead.
Action runOn(const Machine& m, uint8_t task, uint8_t cpu)
{
    if (!m.canPreempt(cpu))
        return {m.cpus()[cpu].current, cpu, ActionKind::Run};
    return {task, cpu, ActionKind::Run};
}
} // namespace

std::optional<Action> RandomScheduler::next(const Machine& m)
{
    const std::vector<uint8_t>& runnable = m.runnable();
    if (runnable.empty() || m.status() != RunStatus::Running)
        return std::nullopt;
    // One draw a step: the high half picks the task, 10-bit fields of the low half make the
    // sleep, migrate and keep-CPU decisions (each compared against its rate out of 1000).
    const uint64_t draw = m_rng.next();
    const uint8_t id = runnable[((draw >> 32) * runnable.size()) >> 32];
    const auto field = [draw](int k) { return static_cast<uint32_t>((draw >> (10 * k)) & 1023) * 1000 >> 10; };
    const Task& t = m.tasks()[id];
    if (m.isOnCpu(id)) {
        if (field(0) < m_params.sleepPerMille && m.atSleepablePoint(id))
            return Action{id, t.cpu, ActionKind::Sleep};
        return Action{id, t.cpu, ActionKind::Run};
    }
    uint8_t cpu = t.cpu;
    if (t.migratable && field(1) < m_params.migratePerMille)
        cpu = static_cast<uint8_t>(m_rng.below(static_cast<uint32_t>(m.cpus().size())));
    const Cpu& c = m.cpus()[cpu];
    if (!c.idle() && field(2) < m_params.keepCpuPerMille)
        return Action{c.current, cpu, ActionKind::Run};
    return runOn(m, id, cpu);
}

std::optional<Action> RoundRobinScheduler::next(const Machine& m)
{
    const std::vector<uint8_t>& runnable = m.runnable();
    if (runnable.empty() || m.status() != RunStatus::Running)
        return std::nullopt;
    // The first runnable task at or after the cursor, in task order.
    uint8_t id = runnable.front();
    for (uint8_t candidate : runnable) {
        if (candidate >= m_cursor) {
            id = candidate;
            break;
        }
    }
    m_cursor = id + 1u;
    return runOn(m, id, m.tasks()[id].cpu);
}

std::optional<Action> ScriptedScheduler::next(const Machine& m)
{
    if (m_position >= m_script.size()) {
        if (m_after == AfterSchedule::Stop)
            return std::nullopt;
        return m_fallback.next(m);
    }
    const ScheduleEntry& e = m_script[m_position];
    Action a{e.task, 0, e.kind};
    if (e.task < m.tasks().size())
        a.cpu = e.cpu >= 0 ? static_cast<uint8_t>(e.cpu) : m.tasks()[e.task].cpu;
    if (!m.isEnabled(a)) {
        m_error = "schedule entry " + std::to_string(m_position + 1) + " cannot run: ";
        if (e.task >= m.tasks().size()) {
            m_error += "no such task";
        } else {
            const Task& t = m.tasks()[e.task];
            m_error += "task '" + m.world().taskNames[e.task] + "' is " +
                       std::string(t.state == TaskState::Runnable ? "runnable" : taskStateName(t.state));
            if (t.state == TaskState::Runnable) {
                if (e.kind == ActionKind::Sleep)
                    m_error += " but not at a point where it may sleep";
                else
                    m_error += " but CPU " + std::to_string(a.cpu) + " cannot take it now";
            }
        }
        return std::nullopt;
    }
    ++m_position;
    return a;
}

} // namespace racescope
