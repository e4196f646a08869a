#include "sched/runner.h"

namespace racescope {

RunOutcome runMachine(Machine& machine, Scheduler& scheduler, uint64_t maxSteps)
{
    RunOutcome outcome;
    while (machine.status() == RunStatus::Running && machine.steps() < maxSteps) {
        std::optional<Action> action = scheduler.next(machine);
        if (!action) {
            outcome.schedulerError = scheduler.error();
            break;
        }
        machine.apply(*action);
    }
    outcome.status = machine.status();
    outcome.steps = machine.steps();
    return outcome;
}

} // namespace racescope
