#include "sched/runner.h"

namespace racescope {

namespace {
// The loop, instantiated per scheduler type so that the hot strategies' next() inlines.
template <typename S> void drive(Machine& machine, S& scheduler, uint64_t maxSteps, RunOutcome& outcome)
{
    while (machine.status() == RunStatus::Running && machine.steps() < maxSteps) {
        std::optional<Action> action = scheduler.next(machine);
        if (!action) {
            outcome.schedulerError = scheduler.error();
            break;
        }
        if (scheduler.onlyEnabledActions())
            machine.applyEnabled(*action);
        else
            machine.apply(*action);
    }
}
} // namespace

RunOutcome runMachine(Machine& machine, Scheduler& scheduler, uint64_t maxSteps)
{
    RunOutcome outcome;
    if (auto* random = dynamic_cast<RandomScheduler*>(&scheduler))
        drive(machine, *random, maxSteps, outcome);
    else
        drive(machine, scheduler, maxSteps, outcome);
    outcome.status = machine.status();
    outcome.steps = machine.steps();
    return outcome;
}

} // namespace racescope
