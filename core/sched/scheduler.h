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
    std::optional<Action> next(const Machine& machine) override;
    bool onlyEnabledActions() const override { return true; }

private:
    Rng m_rng;
    RandomParams m_params;
};

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
