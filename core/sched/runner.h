#pragma once
// Drives a machine with a scheduler until an oops, the end of every program, a deadlock,
// the step budget, or the scheduler running dry.

#include "machine/machine.h"
#include "sched/scheduler.h"

#include <string>

namespace racescope {

struct RunOutcome {
    RunStatus status = RunStatus::Running; // Running: stopped by the budget or the scheduler
    uint64_t steps = 0;
    std::string schedulerError; // a script that named an action it could not take
};

RunOutcome runMachine(Machine& machine, Scheduler& scheduler, uint64_t maxSteps);

} // namespace racescope
