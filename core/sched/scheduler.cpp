#include "sched/scheduler.h"

namespace racescope {

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
    return runOrFinishOn(m, id, m.tasks()[id].cpu);
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
