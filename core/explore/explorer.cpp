#include "explore/explorer.h"

#include "explore/exhaustive.h"
#include "explore/reader_split.h"
#include "report/oops_report.h"
#include "sched/rng.h"
#include "sched/scheduler.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <numeric>

namespace racescope {

std::string_view exploreModeName(ExploreMode mode)
{
    switch (mode) {
    case ExploreMode::Random: return "random";
    case ExploreMode::Pct: return "pct";
    case ExploreMode::Exhaustive: return "exhaustive";
    }
    return "random";
}

std::optional<ExploreMode> exploreModeFromName(std::string_view name)
{
    for (ExploreMode m : {ExploreMode::Random, ExploreMode::Pct, ExploreMode::Exhaustive}) {
        if (exploreModeName(m) == name)
            return m;
    }
    return std::nullopt;
}

std::string_view reductionName(Reduction reduction)
{
    return reduction == Reduction::Por ? "por" : "none";
}

std::optional<Reduction> reductionFromName(std::string_view name)
{
    for (Reduction r : {Reduction::None, Reduction::Por}) {
        if (reductionName(r) == name)
            return r;
    }
    return std::nullopt;
}

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// PCT's scheduler: the enabled task of highest priority runs; at d-1 chosen steps the task
// about to run drops to a priority below every initial one. Our tasks loop for ever, so one
// priority order would let the top task run alone for the whole schedule: priorities and
// change points are drawn afresh for every window of `horizon` steps instead, which keeps
// PCT's guarantee within a window, where the races of this model live.
class PctChooser {
public:
    PctChooser(uint64_t seed, size_t tasks, unsigned depth, uint64_t horizon)
        : m_rng(seed), m_depth(std::max(1u, depth)), m_horizon(std::max<uint64_t>(1, horizon)), m_priority(tasks)
    {
    }

    std::optional<Action> operator()(const Machine& m)
    {
        m.enabledActions(m_enabled);
        if (m_enabled.empty())
            return std::nullopt;
        const uint64_t step = m.steps() + 1;
        if (step >= m_windowEnd)
            newWindow(step);
        auto best = std::max_element(m_enabled.begin(), m_enabled.end(), [this](const Action& a, const Action& b) {
            return m_priority[a.task] < m_priority[b.task];
        });
        const uint8_t task = best->task;
        for (auto& [at, low] : m_changes) {
            if (at == step) {
                m_priority[task] = low;
                at = 0; // each change point fires once
                return (*this)(m); // re-choose with the lowered priority
            }
        }
        // Among the chosen task's actions: stay on its CPU; at an allocation, sleep a quarter
        // of the time; else migrate to a random CPU that can take it.
        std::vector<Action> own;
        for (const Action& a : m_enabled) {
            if (a.task == task)
                own.push_back(a);
        }
        for (const Action& a : own) {
            if (a.kind == ActionKind::Sleep && m_rng.chance(250))
                return a;
        }
        for (const Action& a : own) {
            if (a.kind == ActionKind::Run && a.cpu == m.tasks()[task].cpu)
                return a;
        }
        return own[m_rng.below(static_cast<uint32_t>(own.size()))];
    }

private:
    void newWindow(uint64_t step)
    {
        m_windowEnd = step + m_horizon;
        std::iota(m_priority.begin(), m_priority.end(), static_cast<int>(m_depth));
        for (size_t i = m_priority.size(); i > 1; --i) // Fisher-Yates with our own generator
            std::swap(m_priority[i - 1], m_priority[m_rng.below(static_cast<uint32_t>(i))]);
        m_changes.clear();
        for (unsigned i = 1; i < m_depth; ++i)
            m_changes.push_back({step + m_rng.below(static_cast<uint32_t>(m_horizon)), static_cast<int>(m_depth - i)});
    }

    Rng m_rng;
    unsigned m_depth;
    uint64_t m_horizon;
    uint64_t m_windowEnd = 0;
    std::vector<int> m_priority;
    std::vector<std::pair<uint64_t, int>> m_changes;
    std::vector<Action> m_enabled;
};

struct Run {
    std::vector<Action> actions;
    std::optional<Oops> oops;
    uint64_t steps = 0;
};

template <typename Choose> Run runSchedule(const Scenario& s, uint64_t maxSteps, Choose&& choose)
{
    Machine m(s.world);
    Run run;
    while (m.status() == RunStatus::Running && m.steps() < maxSteps) {
        std::optional<Action> a = choose(m);
        if (!a)
            break;
        m.apply(*a);
        run.actions.push_back(*a);
    }
    run.steps = m.steps();
    if (!m.oopses().empty())
        run.oops = m.oopses().front();
    return run;
}

bool sameCrash(const Oops& a, const Oops& b)
{
    return a.kind == b.kind && symbolize(a.regs.rip) == symbolize(b.regs.rip);
}

// Delta debugging over the action list: drop chunks while the same crash still happens.
std::vector<Action> shrinkSchedule(const Scenario& s, std::vector<Action> actions, const Oops& target,
                                   double seconds)
{
    const Clock::time_point start = Clock::now();
    size_t chunk = std::max<size_t>(1, actions.size() / 2);
    while (chunk >= 1 && secondsSince(start) < seconds) {
        bool removed = false;
        for (size_t at = 0; at < actions.size() && secondsSince(start) < seconds;) {
            std::vector<Action> candidate;
            candidate.reserve(actions.size());
            candidate.insert(candidate.end(), actions.begin(), actions.begin() + at);
            candidate.insert(candidate.end(), actions.begin() + std::min(actions.size(), at + chunk), actions.end());
            Machine m(s.world);
            std::vector<Action> applied = replayLenient(m, candidate);
            if (!m.oopses().empty() && sameCrash(m.oopses().front(), target) && applied.size() < actions.size()) {
                actions = std::move(applied);
                removed = true;
            } else {
                at += chunk;
            }
        }
        if (!removed) {
            if (chunk == 1)
                break;
            chunk /= 2;
        }
    }
    return actions;
}

} // namespace

std::vector<Action> replayLenient(Machine& m, const std::vector<Action>& actions)
{
    std::vector<Action> applied;
    for (const Action& a : actions) {
        if (m.status() != RunStatus::Running)
            break;
        if (!m.isEnabled(a))
            continue;
        m.apply(a);
        applied.push_back(a);
    }
    return applied;
}

unsigned countSwitches(const Scenario& s, const std::vector<Action>& actions)
{
    Machine m(s.world);
    unsigned switches = 0;
    for (const Action& a : actions) {
        if (!m.isEnabled(a))
            break;
        const Cpu& c = m.cpus()[a.cpu];
        switches += a.kind == ActionKind::Run && !c.idle() && c.current != a.task;
        m.apply(a);
    }
    return switches;
}

std::string scriptedScenarioJson(const Scenario& s, const std::vector<Action>& schedule)
{
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(s.source);
    j["name"] = s.name + "-repro";
    j["title"] = (s.title.empty() ? s.name : s.title) + " (scripted)";
    j["cpus"] = s.world.cpus;
    j["allocator"] = std::string(allocatorName(s.world.allocator));
    for (size_t i = 0; i < s.world.tasks.size() && i < j["tasks"].size(); ++i)
        j["tasks"][i]["cpu"] = s.world.tasks[i].cpu;
    nlohmann::ordered_json faults = nlohmann::ordered_json::array();
    for (const FaultInfo& f : faultCatalogue()) {
        if (s.world.faults.has(f.id))
            faults.push_back(std::string(f.name));
    }
    j["faults"] = faults;
    j["fault_seed"] = s.world.faultSeed;
    // Entries name the CPU only where the task does not run on the CPU it is on.
    Machine m(s.world);
    nlohmann::ordered_json entries = nlohmann::ordered_json::array();
    for (const Action& a : schedule) {
        const std::string& name = s.world.tasks[a.task].name;
        if (a.kind == ActionKind::Sleep)
            entries.push_back(name + ":sleep");
        else if (a.cpu == m.tasks()[a.task].cpu)
            entries.push_back(name);
        else
            entries.push_back(name + "@" + std::to_string(a.cpu));
        if (m.isEnabled(a))
            m.apply(a);
    }
    j["run"] = {{"seed", s.seed},
                {"strategy", "scripted"},
                {"max_steps", schedule.size()},
                {"schedule", entries},
                {"after_schedule", "stop"}};
    return j.dump(2) + "\n";
}

ExploreResult explore(const Scenario& s, const ExploreOptions& o)
{
    ExploreResult result;
    if (o.mode == ExploreMode::Exhaustive) {
        const Clock::time_point start = Clock::now();
        result.reduction = o.reduction;
        if (o.reduction == Reduction::Por) {
            result.reductionNote = reductionUnsupported(s);
            if (!result.reductionNote.empty())
                result.reduction = Reduction::None;
        }
        const ExhaustiveSearch search = result.reduction == Reduction::Por ? reducedSearch : plainSearch;
        std::optional<std::vector<Action>> path;
        const ReaderSplit split = o.splitReaders ? splitReaders(s) : ReaderSplit{};
        result.splitNote = split.refused;
        if (!split.readers.empty()) {
            path = searchReadersOneAtATime(s, o, result, split, search);
            if (!result.guardStop.empty()) {
                // Search the scenario whole after all, in what is left of the budget.
                ExploreResult whole;
                whole.reduction = result.reduction;
                whole.reductionNote = result.reductionNote;
                whole.splitNote = result.guardStop;
                ExploreOptions rest = o;
                if (o.budgetSeconds > 0)
                    rest.budgetSeconds = std::max(0.001, o.budgetSeconds - secondsSince(start));
                result = std::move(whole);
                path = search(s, rest, result);
            }
        } else {
            path = search(s, o, result);
        }
        result.seconds = secondsSince(start);
        if (path) {
            result.crashed = true;
            result.secondsToFirstCrash = result.seconds;
            result.schedule = *path;
            // Depth-first order finds a crash, not the shortest one: shrink it like the others.
            Machine probe(s.world);
            replayLenient(probe, *path);
            result.minimalSchedule =
                o.shrink ? shrinkSchedule(s, *path, probe.oopses().front(), o.shrinkSeconds) : *path;
            Machine m(s.world);
            replayLenient(m, result.minimalSchedule);
            result.oops = m.oopses().front();
            result.switches = countSwitches(s, result.minimalSchedule);
        }
        return result;
    }
    const Clock::time_point start = Clock::now();
    double lastProgress = 0;
    Rng seeds(o.seed);
    std::optional<Run> crash;
    while (true) {
        if (o.budgetSchedules != 0 && result.schedules >= o.budgetSchedules)
            break;
        const double elapsed = secondsSince(start);
        if (o.budgetSeconds > 0 && elapsed >= o.budgetSeconds)
            break;
        if (o.progress && elapsed - lastProgress >= 1.0) {
            o.progress(result.schedules, elapsed);
            lastProgress = elapsed;
        }
        const uint64_t seed = seeds.next();
        Run run;
        if (o.mode == ExploreMode::Pct) {
            PctChooser chooser(seed, s.world.tasks.size(), o.pctDepth, o.pctHorizon);
            run = runSchedule(s, o.maxSteps, chooser);
        } else {
            RandomScheduler scheduler(seed, s.random);
            run = runSchedule(s, o.maxSteps, [&](const Machine& m) { return scheduler.next(m); });
        }
        ++result.schedules;
        result.steps += run.steps;
        if (run.oops) {
            result.crashed = true;
            result.secondsToFirstCrash = secondsSince(start);
            result.crashingScheduleIndex = result.schedules;
            crash = std::move(run);
            break;
        }
    }
    result.seconds = secondsSince(start);
    if (crash) {
        result.schedule = crash->actions;
        result.minimalSchedule =
            o.shrink ? shrinkSchedule(s, crash->actions, *crash->oops, o.shrinkSeconds) : crash->actions;
        Machine m(s.world);
        replayLenient(m, result.minimalSchedule);
        result.oops = m.oopses().empty() ? crash->oops : std::optional<Oops>(m.oopses().front());
        result.switches = countSwitches(s, result.minimalSchedule);
    }
    return result;
}

} // namespace racescope
