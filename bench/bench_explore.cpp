// Explorer throughput: schedules per second (random, pct), states per second (exhaustive,
// with and without partial-order reduction), what the reduction saves on the scaling
// configuration (three readers, two closes, one inotify_init), and the time each fault takes
// to show its crash. Targets on this 2-core machine: exhaustive search of 3 tasks on 2 CPUs
// with 2 groups at one million states per second; the scaling configuration proven in under a
// minute.

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

// Arg 0: scenario (small-seed, small-two-writers, small-early-exit, small-readers, calm); arg 1:
// reduction (0 none, 1 por; calm's programs loop for ever, so it falls back to none).
void BM_ExhaustiveStates(benchmark::State& state)
{
    static const char* const kScenarios[] = {"small-seed", "small-two-writers", "small-early-exit", "small-readers",
                                             "calm"};
    const Scenario s = scenarioWith(kScenarios[state.range(0)]);
    ExploreOptions o;
    o.mode = ExploreMode::Exhaustive;
    o.reduction = static_cast<Reduction>(state.range(1));
    o.maxSteps = ExploreOptions::kExhaustiveMaxSteps;
    uint64_t states = 0;
    uint64_t last = 0;
    bool complete = true;
    for (auto _ : state) {
        const ExploreResult r = explore(s, o);
        states += r.states;
        last = r.states;
        complete &= r.complete;
    }
    if (!complete)
        state.SkipWithError("the search did not complete");
    state.counters["states"] = static_cast<double>(last);
    state.counters["states/s"] = benchmark::Counter(static_cast<double>(states), benchmark::Counter::kIsRate);
    state.SetLabel(s.name + " (" + std::to_string(s.world.tasks.size()) + " tasks, " + std::to_string(s.world.cpus) +
                   " CPUs), reduction " + std::string(reductionName(o.reduction)));
}
BENCHMARK(BM_ExhaustiveStates)
    ->ArgsProduct({{0, 1, 2, 3, 4}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

// The scaling configuration with the given number of its readers (arg 0, the full scenario
// has three), reduction (arg 1: 0 none, 1 por) and readers split (arg 2: 0 searched whole,
// 1 one at a time where reader_split.h allows), searched for at most a minute. Prints the
// states visited, the seconds taken and whether the search finished (a proof).
void BM_ScalingProof(benchmark::State& state)
{
    Scenario s = scenarioWith("scaling");
    const int readers = static_cast<int>(state.range(0));
    std::vector<TaskSpec> tasks;
    for (const TaskSpec& t : s.world.tasks) {
        if (t.name.rfind("rm-", 0) != 0 || std::stoi(t.name.substr(3)) < readers)
            tasks.push_back(t);
    }
    // Groups name their owner by index: the readers come first, so shift the writers down.
    const int dropped = static_cast<int>(s.world.tasks.size() - tasks.size());
    for (GroupSpec& g : s.world.groups)
        g.owner -= dropped;
    s.world.tasks = tasks;
    ExploreOptions o;
    o.mode = ExploreMode::Exhaustive;
    o.reduction = static_cast<Reduction>(state.range(1));
    o.splitReaders = state.range(2) != 0;
    o.maxSteps = 5000;
    o.budgetSeconds = 60;
    ExploreResult r;
    for (auto _ : state)
        r = explore(s, o);
    state.counters["states"] = static_cast<double>(r.states);
    state.counters["seconds"] = r.seconds;
    state.counters["states/s"] = r.seconds > 0 ? r.states / r.seconds : 0;
    state.counters["proof"] = r.complete && !r.crashed;
    state.SetLabel(std::to_string(readers) + " readers, 3 writers, reduction " +
                   std::string(reductionName(o.reduction)) +
                   (r.readersOneAtATime.empty() ? ", searched whole" : ", readers one at a time") +
                   (r.complete ? ", proven" : ", not finished in 60 s"));
}
BENCHMARK(BM_ScalingProof)
    ->ArgsProduct({{0, 1, 2, 3}, {0, 1}, {0}})
    ->ArgsProduct({{2, 3}, {0, 1}, {1}})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

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
