// racescope-cli: run, list and inspect RaceScope scenarios without a window.

#include "cli/cli_common.h"

#include <QCoreApplication>

#include <exception>

namespace {
const char* kUsageText = R"(usage: racescope-cli COMMAND [OPTIONS]

Commands:
  scenarios   list the built-in scenarios
  faults      list the fault switches
  run         run a scenario until an oops or the step budget
  explore     search many schedules for an oops; shrink it; write it as a script

`racescope-cli COMMAND --help` describes each command's options.
)";
}

int main(int argc, char** argv)
{
    using namespace racescope::cli;
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("racescope-cli");
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        printErr(kUsageText);
        return kUsage;
    }
    const QString command = args.takeAt(1);
    if (command == "-h" || command == "--help" || command == "help") {
        printOut(kUsageText);
        return kOk;
    }
    args[0] = "racescope-cli " + command; // the name a subcommand's --help shows
    try {
        if (command == "scenarios")
            return runScenarios(args);
        if (command == "faults")
            return runFaults(args);
        if (command == "run")
            return runRun(args);
        if (command == "explore")
            return runExplore(args);
    } catch (const std::exception& e) {
        printErr(std::string("racescope-cli: internal error: ") + e.what() + "\n");
        return kInternalError;
    }
    return usageError("unknown command '" + command.toStdString() + "'\n" + kUsageText);
}
