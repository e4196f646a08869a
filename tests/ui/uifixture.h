#pragma once
// Real runs for the view tests: the seed scenario driven by its random scheduler with the
// trace on, sampled into SimFrames the way the simulation thread would hand them over.
// Header-only because every tst_*.cpp here is its own executable.

#include "scenario/overrides.h"
#include "sched/runner.h"
#include "sim/simframe.h"

#include <memory>
#include <vector>

namespace racescope::ui::test {

inline Scenario seedScenario() { return *loadScenario("seed").scenario; }

inline ScenarioOverrides earlyFree()
{
    ScenarioOverrides o;
    o.faults.push_back(FaultId::EarlyFree);
    return o;
}

struct RunFrames {
    std::vector<SimFrame> frames; // the first has reset set; the last is the end of the run
    RunStatus status = RunStatus::Running;
};

// Runs the seed scenario, making a frame every `stepsPerFrame` steps until `maxSteps` or the
// run ends. With early-free, some seed in 1..200 oopses; `firstOopsingSeed` finds it.
inline RunFrames runSeedFrames(uint64_t seed, bool withEarlyFree, uint64_t maxSteps, uint64_t stepsPerFrame,
                               unsigned cpus = 4)
{
    Scenario s = seedScenario();
    ScenarioOverrides o = withEarlyFree ? test::earlyFree() : ScenarioOverrides{};
    o.seed = seed;
    o.cpus = cpus;
    applyOverrides(s, o);
    Machine machine(s.world);
    machine.setTracing(true);
    RandomScheduler scheduler(s.seed, s.random);
    TimelineBuilder timeline(static_cast<unsigned>(s.world.tasks.size()));
    size_t consumed = 0;
    RunFrames out;
    while (machine.steps() < maxSteps) {
        const RunOutcome r = runMachine(machine, scheduler, std::min(maxSteps, machine.steps() + stepsPerFrame));
        consumed = timeline.consume(machine.trace(), consumed);
        SimFrame f;
        f.snapshot = std::make_shared<const Snapshot>(takeSnapshot(machine));
        f.timeline = timeline.takeDelta();
        f.stepsPerSecond = 1e6;
        f.reset = out.frames.empty();
        out.frames.push_back(std::move(f));
        out.status = r.status;
        if (r.status != RunStatus::Running)
            break;
    }
    return out;
}

inline uint64_t firstOopsingSeed()
{
    for (uint64_t seed = 1; seed <= 200; ++seed)
        if (runSeedFrames(seed, true, 20000, 20000).status == RunStatus::Oopsed)
            return seed;
    return 0;
}

} // namespace racescope::ui::test
