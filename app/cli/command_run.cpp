#include "cli/cli_common.h"

#include "explain/explain.h"
#include "report/oops_report.h"
#include "report/run_json.h"
#include "sched/runner.h"

#include <exception>

namespace racescope::cli {

int runRun(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({"scenario", "A built-in scenario's name or a JSON file.", "NAME|FILE"});
    addOverrideOptions(parser);
    parser.addOption({"no-trace", "Do not record the trace (faster; no trace_sha256)."});
    parser.addOption({"explain", "After an oops, print the chain of causes read back out of the trace."});
    parser.addOption({"json", "Print one JSON object instead of text."});
    if (std::optional<int> exit = parseOrExit(parser, args,
                                              "Run a scenario until an oops or the step budget.\n"
                                              "Exit status: 0 no oops, 3 oops, 2 bad input."))
        return *exit;
    Scenario scenario;
    if (std::optional<int> exit = scenarioFromOptions(parser, "run", scenario))
        return *exit;

    Machine machine(scenario.world);
    machine.setTracing(!parser.isSet("no-trace"));
    std::unique_ptr<Scheduler> scheduler = makeScheduler(scenario);
    const RunOutcome outcome = runMachine(machine, *scheduler, scenario.maxSteps);

    if (parser.isSet("explain") && parser.isSet("no-trace"))
        return usageError("--explain reads the trace: it cannot be combined with --no-trace");
    if (parser.isSet("json")) {
        nlohmann::json j = runJson(scenario, machine, outcome);
        if (parser.isSet("explain") && !machine.oopses().empty()) {
            const Explanation e = explainOops(machine, machine.oopses().front());
            nlohmann::json links = nlohmann::json::array();
            for (const CauseLink& l : e.links)
                links.push_back({{"kind", std::string(causeKindName(l.kind))}, {"step", l.step}, {"cpu", l.cpu},
                                 {"task", l.task >= 0 ? nlohmann::json(machine.world().taskNames[l.task]) : nlohmann::json(nullptr)},
                                 {"site", l.site ? nlohmann::json(siteText(l.site)) : nlohmann::json(nullptr)},
                                 {"text", l.text}});
            j["explanation"] = {{"links", links}, {"missing", e.missing}};
        }
        printOut(j.dump(2) + "\n");
    } else {
        std::string text = "scenario " + scenario.name + ", seed " + std::to_string(scenario.seed) + ", " +
                           std::to_string(outcome.steps) + " steps: " + std::string(runStatusName(outcome.status)) +
                           "\n";
        if (machine.tracing())
            text += "trace sha256 " + machine.trace().sha256Hex() + " (" + std::to_string(machine.trace().size()) +
                    " records)\n";
        if (!outcome.schedulerError.empty())
            text += "scheduler: " + outcome.schedulerError + "\n";
        for (const Oops& oops : machine.oopses()) {
            // Two appends rather than "\n" + report: GCC 12 warns falsely (-Wrestrict) on the latter.
            text += '\n';
            text += formatOopsReport(machine, oops);
            if (parser.isSet("explain")) {
                text += '\n';
                text += formatExplanation(machine, explainOops(machine, oops));
            }
        }
        printOut(text);
    }
    return machine.oopses().empty() ? kOk : kOops;
}

} // namespace racescope::cli
