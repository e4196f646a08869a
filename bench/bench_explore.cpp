// Explorer throughput: schedules per second (random, pct), states per second (exhaustive),
// and the time each fault takes to show its crash. Target on this 2-core machine:
// exhaustive search of 3 tasks on 2 CPUs with 2 groups at one million states per second.

#include "explore/explorer.h"

#include <benchmark/benchmark.h>

namespace {

using namespace racescope;

Scenario scenarioWith(const std::string& name, std::optional<FaultId> fault = std::nullopt)
{
    Scenario s = *loadScenario(name).scenario;
    if (fault)
        s.world.faults.set(*fault);
    return s;
}

void BM_Schedules(benchmark::State& state)
{
    const Scenario s = scenarioWith("seed");
    ExploreOptions o;
    o.mode = static_cast<ExploreMode>(state.range(0));
    o.budgetSchedules = 50;
    o.maxSteps = 2000;
    uint64_t schedules = 0;
    for (auto _ : state) {
        o.seed = schedules + 1;
        schedules += explore(s, o).schedules;
    }
    state.counters["schedules/s"] = benchmark::Counter(static_cast<double>(schedules), benchmark::Counter::kIsRate);
    state.SetLabel(std::string(exploreModeName(o.mode)) + ", seed, 2000 steps each");
}
BENCHMARK(BM_Schedules)->Arg(int(ExploreMode::Random))->Arg(int(ExploreMode::Pct))->Unit(benchmark::kMillisecond);

void BM_ExhaustiveStates(benchmark::State& state)
{
    const Scenario s = scenarioWith(state.range(0) == 0 ? "small-seed" : "small-two-writers");
    ExploreOptions o;
    o.mode = ExploreMode::Exhaustive;
    o.maxSteps = 5000;
    uint64_t states = 0;
    bool complete = true;
    for (auto _ : state) {
        const ExploreResult r = explore(s, o);
        states += r.states;
        complete &= r.complete;
    }
    if (!complete)
        state.SkipWithError("the search did not complete");
    state.counters["states/s"] = benchmark::Counter(static_cast<double>(states), benchmark::Counter::kIsRate);
    state.SetLabel(s.name + " (" + std::to_string(s.world.tasks.size()) + " tasks, " + std::to_string(s.world.cpus) +
                   " CPUs, " + std::to_string(s.world.groups.size()) + " groups)");
}
BENCHMARK(BM_ExhaustiveStates)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Wall time until the first crash, per fault, with the mode that suits it.
void BM_TimeToFirstCrash(benchmark::State& state)
{
    struct Case {
        FaultId fault;
        const char* scenario;
        ExploreMode mode;
    };
    static const Case kCases[] = {
        {FaultId::EarlyFree, "seed", ExploreMode::Random},
        {FaultId::WrongFlavor, "seed", ExploreMode::Random},
        {FaultId::ListDelNotRcu, "seed", ExploreMode::Random},
        {FaultId::KzallocReuse, "seed", ExploreMode::Random},
        {FaultId::RefcountUnderflow, "shared-group", ExploreMode::Random},
        {FaultId::SrcuSkipFlipWait, "two-writers", ExploreMode::Random},
        {FaultId::SrcuSkipFlipWait, "small-two-writers", ExploreMode::Exhaustive},
        {FaultId::SrcuUnlockWrongIdx, "two-writers", ExploreMode::Pct},
    };
    const Case& c = kCases[state.range(0)];
    const Scenario s = scenarioWith(c.scenario, c.fault);
    ExploreOptions o;
    o.mode = c.mode;
    o.budgetSchedules = 0;
    o.budgetSeconds = 60;
    o.maxSteps = c.mode == ExploreMode::Exhaustive ? 5000 : 3000;
    o.shrink = false;
    double seconds = 0;
    int crashes = 0;
    for (auto _ : state) {
        const ExploreResult r = explore(s, o);
        if (r.crashed) {
            seconds += r.secondsToFirstCrash;
            ++crashes;
        }
    }
    if (crashes == 0)
        state.SkipWithError("no crash within 60 s");
    state.counters["s_to_crash"] = crashes ? seconds / crashes : 0;
    state.SetLabel(std::string(faultInfo(c.fault).name) + " on " + c.scenario + ", " +
                   std::string(exploreModeName(c.mode)));
}
BENCHMARK(BM_TimeToFirstCrash)->DenseRange(0, 7)->Iterations(1)->Unit(benchmark::kMillisecond);

} // namespace
