#pragma once
// Searching schedules for a crash. Three modes:
//  - random: many seeded random schedules;
//  - pct: probabilistic concurrency testing (Burckhardt et al.): tasks get random priorities,
//    the highest-priority enabled task always runs, and at d-1 random steps the running
//    task's priority drops below all others. A bug of depth d is found with probability at
//    least 1/(n k^(d-1)) per schedule, far better than random for rare orderings;
//  - exhaustive: depth-first search of the reachable states (states with equal
//    Machine::stateHash() are one); with no crash and no path cut at max-steps it proves that
//    no oops is reachable at all. By default with partial-order reduction (por_search.cpp):
//    steps of different tasks that touch nothing in common are taken in one order only.
// A crash's schedule is shrunk (fewer steps, fewer switches) and can be written out as a
// scripted scenario that `racescope-cli run` replays exactly.

#include "machine/machine.h"
#include "scenario/scenario.h"

#include <cstdint>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace racescope {

class Footprint;

enum class ExploreMode : uint8_t { Random, Pct, Exhaustive };
std::string_view exploreModeName(ExploreMode mode);
std::optional<ExploreMode> exploreModeFromName(std::string_view name);

// Of the exhaustive search: none enters every reachable state, por only those a
// partial-order reduction needs (both prove the same things; none is the cross-check).
enum class Reduction : uint8_t { None, Por };
// Which task a newly reached state is explored with first (the others join where a race
// needs them). Any choice is sound; the tests vary it to check that.
enum class ReductionStart : uint8_t { Previous, Lowest, Highest };
std::string_view reductionName(Reduction reduction);
std::optional<Reduction> reductionFromName(std::string_view name);

struct ExploreOptions {
    ExploreMode mode = ExploreMode::Random;
    uint64_t budgetSchedules = 1000; // 0: unlimited (then budgetSeconds must be set)
    double budgetSeconds = 0;        // 0: unlimited
    uint64_t maxSteps = 20000;       // per schedule; exhaustive: the depth of a path
    // The depth bound a proof needs: a depth-first search of a scenario whose programs loop
    // for ever goes about as deep as it has states, and a bound it hits makes no proof.
    static constexpr uint64_t kExhaustiveMaxSteps = 10'000'000;
    unsigned pctDepth = 3;
    uint64_t pctHorizon = 200; // steps in one PCT window (see PctChooser)
    uint64_t seed = 1;               // of the explorer's own choices
    Reduction reduction = Reduction::Por; // exhaustive only
    ReductionStart reductionStart = ReductionStart::Previous;
    // Exhaustive mode: check readers that cannot help one another one at a time against the
    // other tasks, where reader_split.h shows that this proves the same (docs/explorer.md).
    bool splitReaders = true;
    // Exhaustive mode: tasks the search never runs (bit per task), and a check of every step's
    // footprint that stops the search with its reason when it returns one. The reader split
    // sets both; neither is for general use.
    uint64_t parked = 0;
    std::function<std::string(const Action&, const Footprint&)> stepGuard;
    bool shrink = true;
    double shrinkSeconds = 10;
    // Called about every second with (schedules, elapsed seconds).
    std::function<void(uint64_t, double)> progress;
};

struct ExploreResult {
    uint64_t schedules = 0; // random, pct: schedules run; exhaustive: leaves reached
    uint64_t states = 0;    // exhaustive: distinct states visited
    bool complete = false;  // exhaustive: the search finished: with no crash, a proof
    bool depthBoundHit = false; // exhaustive: some path was cut at max-steps
    Reduction reduction = Reduction::None; // exhaustive: the one used
    std::string reductionNote;             // why por fell back to none, if it did
    uint64_t revisits = 0;      // exhaustive: steps into a state already visited
    uint64_t prunedActions = 0; // exhaustive, por: enabled actions never taken
    uint64_t summaries = 0;     // exhaustive, por: distinct summaries of finished states
    uint64_t sleeping = 0;      // exhaustive, por: steps into a visited state not followed (sleep sets)
    uint64_t cycleStates = 0;   // exhaustive, por: states on cycles (fully expanded)
    // Exhaustive: the readers checked one at a time against the other tasks (empty: the
    // scenario was searched whole), and why they were not, where the scenario has readers.
    std::vector<uint8_t> readersOneAtATime;
    std::string splitNote;
    std::string guardStop; // exhaustive: why the step guard stopped the search, if it did
    uint64_t steps = 0; // over all schedules
    double seconds = 0;
    bool crashed = false;
    double secondsToFirstCrash = 0;
    uint64_t crashingScheduleIndex = 0;
    std::vector<Action> schedule;        // the first crashing schedule, as found
    std::vector<Action> minimalSchedule; // after shrinking
    std::optional<Oops> oops;            // of the minimal schedule
    unsigned switches = 0;               // context switches in the minimal schedule
};

ExploreResult explore(const Scenario& scenario, const ExploreOptions& options);

// Replays actions, skipping any that is not enabled when its turn comes, until the list
// ends or the machine stops. Returns the actions actually applied.
std::vector<Action> replayLenient(Machine& machine, const std::vector<Action>& actions);

// Context switches a schedule implies: runs of a CPU changing hands.
unsigned countSwitches(const Scenario& scenario, const std::vector<Action>& actions);

// The scenario's JSON with its run section replaced by this exact schedule (scripted,
// stopping at its end) and its faults, CPUs and allocator as the scenario has them now.
std::string scriptedScenarioJson(const Scenario& scenario, const std::vector<Action>& schedule);

} // namespace racescope
