// Core throughput: simulated steps per second on the seed scenario, one thread, with the
// trace on and off, at 4 and 64 CPUs. Target on a 2-core machine: 20 M steps/s with tracing
// off, 10 M with it on.

#include "scenario/overrides.h"
#include "sched/runner.h"

#include <benchmark/benchmark.h>

namespace {

using namespace racescope;

constexpr uint64_t kStepsPerRun = 1'000'000;

template <typename Strategy> Strategy makeStrategy(uint64_t seed, const Scenario& scenario);
template <> RandomScheduler makeStrategy(uint64_t seed, const Scenario& scenario)
{
    return RandomScheduler(seed, scenario.random);
}
template <> RoundRobinScheduler makeStrategy(uint64_t, const Scenario&)
{
    return RoundRobinScheduler();
}

template <typename Strategy> void scenarioSteps(benchmark::State& state, const char* name)
{
    Scenario scenario = *loadScenario(name).scenario;
    ScenarioOverrides o;
    o.cpus = static_cast<unsigned>(state.range(0));
    applyOverrides(scenario, o);
    const bool tracing = state.range(1) != 0;
    uint64_t steps = 0;
    uint64_t seed = 1;
    for (auto _ : state) {
        state.PauseTiming();
        Machine machine(scenario.world);
        machine.setTracing(tracing);
        Strategy scheduler = makeStrategy<Strategy>(seed++, scenario);
        state.ResumeTiming();
        const RunOutcome outcome = runMachine(machine, scheduler, kStepsPerRun);
        steps += outcome.steps;
        benchmark::DoNotOptimize(machine.steps());
        if (outcome.status != RunStatus::Running)
            state.SkipWithError("the run ended early");
    }
    state.counters["steps/s"] = benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
    state.SetLabel(tracing ? "trace on" : "trace off");
}

// The target's measure: the seeded random strategy, a fresh task choice every step.
void BM_SeedSteps(benchmark::State& state)
{
    scenarioSteps<RandomScheduler>(state, "seed");
}

// The same machine under round-robin, whose choices a CPU's branch predictor can learn:
// the gap to BM_SeedSteps is the cost of unpredictable interleaving, not of the model.
void BM_SeedStepsRoundRobin(benchmark::State& state)
{
    scenarioSteps<RoundRobinScheduler>(state, "seed");
}

// The host's speed at the moment, to read the figures above against: readers only (`calm`),
// whose step costs the same from one build to the next as long as fsnotify() and SRCU do.
// On the shared development host every figure moves by up to 25% in spells of minutes, and
// a `seed` figure below target means little unless this one held its usual value
// (docs/benchmarks.md).
void BM_CalmSteps(benchmark::State& state)
{
    scenarioSteps<RandomScheduler>(state, "calm");
}

// Five repetitions, reported as mean, median, standard deviation and coefficient of
// variation: on the shared development host single runs of the same binary differ by up to
// 25%, and the target is judged on the median.
BENCHMARK(BM_SeedSteps)
    ->ArgNames({"cpus", "trace"})
    ->Args({4, 0})
    ->Args({4, 1})
    ->Args({64, 0})
    ->Args({64, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

BENCHMARK(BM_CalmSteps)
    ->ArgNames({"cpus", "trace"})
    ->Args({4, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

BENCHMARK(BM_SeedStepsRoundRobin)
    ->ArgNames({"cpus", "trace"})
    ->Args({4, 0})
    ->Args({4, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Repetitions(5)
    ->ReportAggregatesOnly(true);

} // namespace

BENCHMARK_MAIN();
