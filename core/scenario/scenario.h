#pragma once
// A scenario: the world to build, and how to run it. Loaded from JSON (see
// docs/scenario-format.md); a load returns the scenario or an error that names the file,
// the place in it and what was expected.

#include "machine/world.h"
#include "sched/scheduler.h"

#include <optional>
#include <string>
#include <vector>

namespace racescope {

enum class StrategyKind : uint8_t { Random, RoundRobin, Scripted };
std::string_view strategyName(StrategyKind kind);
std::optional<StrategyKind> strategyFromName(std::string_view name);

struct Scenario {
    std::string name;
    std::string title;       // one line, for menus and the start panel
    std::string description; // a paragraph
    std::string origin;      // "builtin:NAME" or the file path
    std::string source;      // the JSON text it was read from, for writing derived scenarios
    WorldSpec world;
    uint64_t seed = 1;
    StrategyKind strategy = StrategyKind::Random;
    uint64_t maxSteps = 200000;
    RandomParams random;
    std::vector<ScheduleEntry> schedule;
    AfterSchedule afterSchedule = AfterSchedule::RoundRobin;
};

struct ScenarioError {
    std::string file;  // path, or "builtin:NAME"
    std::string where; // a JSON pointer such as /tasks/1/program/0/op, or "line 12, column 5"
    std::string message;
    std::string toString() const;
};

struct ScenarioResult {
    std::optional<Scenario> scenario;
    ScenarioError error;
    bool ok() const { return scenario.has_value(); }
};

ScenarioResult parseScenario(std::string_view json, const std::string& origin);
ScenarioResult loadScenarioFile(const std::string& path);

struct BuiltinScenario {
    std::string_view name;
    std::string_view json;
};
const std::vector<BuiltinScenario>& builtinScenarios();
// A built-in name, or else a path to a JSON file.
ScenarioResult loadScenario(const std::string& nameOrPath);

// The scheduler the scenario asks for, seeded with its seed.
std::unique_ptr<Scheduler> makeScheduler(const Scenario& scenario);

} // namespace racescope
