#pragma once
// Shared pieces of racescope-cli's subcommands: exit codes, option parsing, printing.

#include "scenario/overrides.h"

#include <QCommandLineParser>
#include <QStringList>

#include <optional>
#include <string>

namespace racescope::cli {

enum ExitCode : int { kOk = 0, kInternalError = 1, kUsage = 2, kOops = 3 };

// Parses `args` (argv[0] first, subcommand removed). Prints help and returns kOk for --help,
// prints the error and returns kUsage for bad arguments; nullopt means "go on".
std::optional<int> parseOrExit(QCommandLineParser& parser, const QStringList& args, const QString& description);

void printOut(const std::string& text);
void printErr(const std::string& text);
int usageError(const std::string& message);

// --fault, --allocator, --cpus, --seed, --fault-seed, --steps, --strategy
void addOverrideOptions(QCommandLineParser& parser);
// --scenario with the overrides applied; on bad input, prints why and returns the exit code.
std::optional<int> scenarioFromOptions(const QCommandLineParser& parser, const char* command, Scenario& out);
// Returns an error message, or an empty string.
std::string readOverrides(const QCommandLineParser& parser, ScenarioOverrides& out);

int runScenarios(const QStringList& args);
int runFaults(const QStringList& args);
int runRun(const QStringList& args);
int runExplore(const QStringList& args);

} // namespace racescope::cli
