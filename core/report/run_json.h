#pragma once
// The machine-readable account of a run, as `racescope-cli run --json` prints it.

#include "machine/machine.h"
#include "scenario/scenario.h"
#include "sched/runner.h"

#include <nlohmann/json.hpp>

namespace racescope {

nlohmann::json oopsJson(const Machine& machine, const Oops& oops);
nlohmann::json runJson(const Scenario& scenario, const Machine& machine, const RunOutcome& outcome);

} // namespace racescope
