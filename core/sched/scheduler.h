#pragma once
// Strategies that pick the next Action. A scheduler reads the machine and never changes it;
// with the same seed it makes the same choices, so a run is reproducible.

#include "machine/machine.h"
#include "sched/rng.h"

#include <optional>
#include <string>
#include <vector>

namespace racescope {

class Scheduler {
public:
    virtual ~Scheduler() = default;
    // The next action, or nullopt when the strategy has nothing to run (or, for a script,
    // when the script is over or names an action that is not enabled: see error()).
    virtual std::optional<Action> next(const Machine& machine) = 0;
    const std::string& error() const { return m_error; }
    // True when every action it returns is enabled by construction, so the runner may skip
    // re-checking each one (the random and round-robin strategies; tests hold them to it).
    virtual bool onlyEnabledActions() const { return false; }

protected:
    std::string m_error;
};

struct RandomParams {
    uint32_t keepCpuPerMille = 900; // a running task keeps its CPU when another is picked
    uint32_t sleepPerMille = 200;   // a task at an allocation sleeps there
    uint32_t migratePerMille = 50;  // a task switched in lands on another CPU
};

class RandomScheduler final : public Scheduler {
public:
    RandomScheduler(uint64_t seed, RandomParams params = {}) : m_rng(seed), m_params(params) {}
    // Defined below, inline, so that the runner's loop instantiated for this class absorbs it.
    std::optional<Action> next(const Machine& machine) override;
    bool onlyEnabledActions() const override { return true; }

private:
    Rng m_rng;
    RandomParams m_params;
};

// Running `task` on `cpu` needs that CPU's current task to allow preemption; when it does
// not (it sits between the two steps of srcu_read_lock), that task runs instead.
inline Action runOrFinishOn(const Machine& m, uint8_t task, uint8_t cpu)
{
    if (!m.canPreempt(cpu))
        return {m.cpus()[cpu].current, cpu, ActionKind::Run};
    return {task, cpu, ActionKind::Run};
}

inline std::optional<Action> RandomScheduler::next(const Machine& m)
{
    const std::vector<uint8_t>& runnable = m.runnable();
    if (runnable.empty() || m.status() != RunStatus::Running) [[unlikely]]
        return std::nullopt;
    // One draw a step: the high half picks the task, 10-bit fields of the low half make the
    // sleep, migrate and keep-CPU decisions (each compared against its rate out of 1000).
    const uint64_t draw = m_rng.next();
    const uint8_t id = runnable[((draw >> 32) * runnable.size()) >> 32];
    const auto field = [draw](int k) { return static_cast<uint32_t>((draw >> (10 * k)) & 1023) * 1000 >> 10; };
    const Task& t = m.tasks()[id];
    if (m.isOnCpu(id)) {
        // The sleep decision is taken 20% of the time at random, so its test comes after a
        // cheap necessary condition of atSleepablePoint() that is rarely true: the branch
        // on the draw is then rarely reached, and rarely mispredicted. (The frame index stays
        // in bounds in user mode, where atSleepablePoint() rules the frame out.)
        const Frame& top = t.stack[(t.depth - 1u) % kMaxDepth];
        if (top.fn == FunctionId::kmalloc && top.pc == 0 && field(0) < m_params.sleepPerMille &&
            m.atSleepablePoint(id)) [[unlikely]]
            return Action{id, t.cpu, ActionKind::Sleep};
        return Action{id, t.cpu, ActionKind::Run};
    }
    uint8_t cpu = t.cpu;
    if (field(1) < m_params.migratePerMille && t.migratable) [[unlikely]]
        cpu = static_cast<uint8_t>(m_rng.below(static_cast<uint32_t>(m.cpus().size())));
    // Leave the CPU to its current task with probability keepCpu, and always while that task
    // has preemption off (runOrFinishOn): computed, not branched on, as it depends on the draw.
    const Cpu& c = m.cpus()[cpu];
    const bool keep = (!c.idle()) & ((field(2) < m_params.keepCpuPerMille) | (c.preemptCount != 0));
    return Action{keep ? c.current : id, cpu, ActionKind::Run};
}

// Each runnable task in turn, one step each, on the CPU it last ran on.
class RoundRobinScheduler final : public Scheduler {
public:
    std::optional<Action> next(const Machine& machine) override;
    bool onlyEnabledActions() const override { return true; }

private:
    unsigned m_cursor = 0;
};

struct ScheduleEntry {
    uint8_t task = 0;
    int cpu = -1; // -1: the task's own CPU
    ActionKind kind = ActionKind::Run;
    bool operator==(const ScheduleEntry&) const = default;
};

enum class AfterSchedule : uint8_t { Stop, RoundRobin };

// Exactly the listed actions, then stop or go on round-robin.
class ScriptedScheduler final : public Scheduler {
public:
    ScriptedScheduler(std::vector<ScheduleEntry> script, AfterSchedule after)
        : m_script(std::move(script)), m_after(after)
    {
    }
    std::optional<Action> next(const Machine& machine) override;
    size_t position() const { return m_position; }

private:
    std::vector<ScheduleEntry> m_script;
    AfterSchedule m_after;
    size_t m_position = 0;
    RoundRobinScheduler m_fallback;
};

} // namespace racescope
