#include "scenario/overrides.h"

#include "memory/layout.h"

namespace racescope {

std::string applyOverrides(Scenario& s, const ScenarioOverrides& o)
{
    for (FaultId f : o.faults)
        s.world.faults.set(f);
    if (o.allocator)
        s.world.allocator = *o.allocator;
    if (o.cpus) {
        if (*o.cpus == 0 || *o.cpus > layout::kMaxCpus)
            return "--cpus must be between 1 and 64";
        s.world.cpus = *o.cpus;
        for (TaskSpec& t : s.world.tasks)
            t.cpu = static_cast<uint8_t>(t.cpu % *o.cpus);
        for (ScheduleEntry& e : s.schedule) {
            if (e.cpu >= static_cast<int>(*o.cpus))
                return "the scenario's schedule names CPU " + std::to_string(e.cpu) + ", which --cpus removes";
        }
    }
    if (o.seed)
        s.seed = *o.seed;
    if (o.kasan)
        s.world.kasan = true;
    if (o.faultSeed)
        s.world.faultSeed = *o.faultSeed;
    if (o.maxSteps)
        s.maxSteps = *o.maxSteps;
    if (o.strategy) {
        if (*o.strategy == StrategyKind::Scripted && s.schedule.empty())
            return "this scenario has no schedule to script";
        s.strategy = *o.strategy;
    }
    return {};
}

} // namespace racescope
