#include "sched/runner.h"

#include "machine/exec.h"

namespace racescope {

namespace {
// The loop, instantiated per scheduler type so that the hot strategies' next() inlines.
// Flattened: the machine's step (applyEnabled and the run loop, switches and quiescent
// states under it) is compiled into this loop, once per scheduler, instead of being a call a
// step. Only the step handlers stay calls: they are indirect. About +4% steps/s.
template <typename S> [[gnu::flatten]] void drive(Machine& machine, S& scheduler, uint64_t maxSteps, RunOutcome& outcome)
{
    Exec exec(machine); // one for every step: tracing and the journal stay as they are
    while (machine.status() == RunStatus::Running && machine.steps() < maxSteps) {
        std::optional<Action> action = scheduler.next(machine);
        if (!action) {
            outcome.schedulerError = scheduler.error();
            break;
        }
        if (scheduler.onlyEnabledActions())
            machine.applyEnabled(*action, exec);
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
