#pragma once
// Command-line and GUI overrides of a scenario's settings, applied in one place so both
// front ends mean the same thing by "--cpus 2".

#include "scenario/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace racescope {

struct ScenarioOverrides {
    std::vector<FaultId> faults; // added to the scenario's own
    std::optional<AllocatorKind> allocator;
    std::optional<unsigned> cpus;
    std::optional<uint64_t> seed;
    std::optional<uint64_t> faultSeed;
    bool kasan = false; // switch KASAN on (never off: a scenario that asks for it keeps it)
    std::optional<uint64_t> maxSteps;
    std::optional<StrategyKind> strategy;
};

// Returns an error message, or an empty string. With fewer CPUs, tasks pinned past the
// last CPU move to cpu % N.
std::string applyOverrides(Scenario& scenario, const ScenarioOverrides& overrides);

} // namespace racescope
