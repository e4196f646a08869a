#include "cli/cli_common.h"

#include "explore/explorer.h"
#include "report/oops_report.h"
#include "report/run_json.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace racescope::cli {

namespace {
// "1 schedule", "2 schedules"
std::string counted(uint64_t n, const std::string& one, const std::string& many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Three significant digits where they mean something: "0.012 s", "12.3 s", "1234 s".
std::string seconds(double s)
{
    char buffer[32];
    if (s < 0.001)
        return "under 1 ms";
    std::snprintf(buffer, sizeof buffer, s < 10 ? "%.3f s" : s < 100 ? "%.1f s" : "%.0f s", s);
    return buffer;
}
} // namespace

int runExplore(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({"scenario", "A built-in scenario's name or a JSON file.", "NAME|FILE"});
    addOverrideOptions(parser);
    parser.addOptions({
        {"mode", "Search strategy: random, pct or exhaustive (default random).", "MODE"},
        {"reduction", "Exhaustive mode: por (partial-order reduction, the default) or none (every state).",
         "R"},
        {"no-reader-split",
         "Exhaustive mode: search all readers together, even where checking them one at a time proves the same."},
        {"budget-schedules", "Stop after N schedules (default 1000).", "N"},
        {"budget-seconds", "Stop after T seconds.", "T"},
        {"max-steps", "Steps per schedule (default 20000; exhaustive: path depth, default 10000000).", "N"},
        {"depth", "PCT's bug depth d (default 3).", "D"},
        {"explore-seed", "Seed of the explorer's own choices (default 1).", "S"},
        {"out", "Write the shrunk crashing schedule as a scripted scenario to FILE.", "FILE"},
        {"no-shrink", "Keep the crashing schedule as found."},
        {"shrink-seconds", "Time allowed for shrinking (default 10).", "T"},
        {"json", "Print one JSON object instead of text."},
    });
    if (std::optional<int> exit = parseOrExit(parser, args,
                                              "Search many schedules of a scenario for an oops.\n"
                                              "Exit status: 0 no oops found, 3 oops found, 2 bad input."))
        return *exit;
    Scenario scenario;
    if (std::optional<int> exit = scenarioFromOptions(parser, "explore", scenario))
        return *exit;

    ExploreOptions o;
    if (parser.isSet("mode")) {
        std::optional<ExploreMode> mode = exploreModeFromName(parser.value("mode").toStdString());
        if (!mode)
            return usageError("--mode expects random, pct or exhaustive");
        o.mode = *mode;
    }
    if (parser.isSet("reduction")) {
        std::optional<Reduction> reduction = reductionFromName(parser.value("reduction").toStdString());
        if (!reduction)
            return usageError("--reduction expects por or none");
        o.reduction = *reduction;
    }
    o.splitReaders = !parser.isSet("no-reader-split");
    auto number = [&](const char* name, uint64_t min, uint64_t max, uint64_t& out) -> std::string {
        if (!parser.isSet(name))
            return {};
        bool ok = false;
        const qulonglong v = parser.value(name).toULongLong(&ok);
        if (!ok || v < min || v > max)
            return std::string("--") + name + " expects an integer from " + std::to_string(min) + " to " +
                   std::to_string(max);
        out = v;
        return {};
    };
    if (o.mode == ExploreMode::Exhaustive)
        o.maxSteps = ExploreOptions::kExhaustiveMaxSteps;
    uint64_t depth = o.pctDepth;
    for (std::string error : {number("budget-schedules", 1, 1000000000, o.budgetSchedules),
                              number("max-steps", 1, 100000000, o.maxSteps), number("depth", 1, 10, depth),
                              number("explore-seed", 0, UINT64_MAX, o.seed)}) {
        if (!error.empty())
            return usageError(error);
    }
    o.pctDepth = static_cast<unsigned>(depth);
    if (parser.isSet("budget-seconds")) {
        bool ok = false;
        o.budgetSeconds = parser.value("budget-seconds").toDouble(&ok);
        if (!ok || o.budgetSeconds <= 0)
            return usageError("--budget-seconds expects a positive number");
        if (!parser.isSet("budget-schedules"))
            o.budgetSchedules = 0;
    }
    o.shrink = !parser.isSet("no-shrink");
    if (parser.isSet("shrink-seconds")) {
        bool ok = false;
        o.shrinkSeconds = parser.value("shrink-seconds").toDouble(&ok);
        if (!ok || o.shrinkSeconds <= 0)
            return usageError("--shrink-seconds expects a positive number");
    }
    const char* unit = o.mode == ExploreMode::Exhaustive ? "states" : "schedules";
    o.progress = [unit](uint64_t count, double seconds) {
        std::fprintf(stderr, "\rexplore: %llu %s, %.0f/s, %.0f s", static_cast<unsigned long long>(count), unit,
                     count / seconds, seconds);
        std::fflush(stderr);
    };

    const ExploreResult r = explore(scenario, o);
    if (r.seconds >= 1.0)
        std::fprintf(stderr, "\n");

    std::string outPath;
    if (r.crashed && parser.isSet("out")) {
        outPath = parser.value("out").toStdString();
        std::ofstream out(outPath, std::ios::binary);
        out << scriptedScenarioJson(scenario, r.minimalSchedule);
        if (!out)
            return usageError("cannot write " + outPath);
    }

    const double perSecond = r.seconds > 0 ? r.schedules / r.seconds : 0;
    nlohmann::json readerNames = nlohmann::json::array();
    std::string readerList;
    for (uint8_t t : r.readersOneAtATime) {
        readerNames.push_back(scenario.world.tasks[t].name);
        readerList += (readerList.empty() ? "" : ", ") + scenario.world.tasks[t].name;
    }
    if (parser.isSet("json")) {
        nlohmann::json j = {
            {"scenario", scenario.name},
            {"mode", std::string(exploreModeName(o.mode))},
            {"schedules", r.schedules},
            {"steps", r.steps},
            {"seconds", r.seconds},
            {"schedules_per_second", perSecond},
            {"states", r.states},
            {"states_per_second", r.seconds > 0 ? r.states / r.seconds : 0.0},
            {"complete", r.complete},
            {"depth_bound_hit", r.depthBoundHit},
            {"reduction", o.mode == ExploreMode::Exhaustive ? nlohmann::json(std::string(reductionName(r.reduction)))
                                                             : nlohmann::json(nullptr)},
            {"revisits", r.revisits},
            {"pruned_actions", r.prunedActions},
            {"reduction_note", r.reductionNote.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.reductionNote)},
            {"readers_one_at_a_time", readerNames},
            {"reader_split_note", r.splitNote.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.splitNote)},
            {"crashed", r.crashed},
            {"seconds_to_first_crash", r.crashed ? nlohmann::json(r.secondsToFirstCrash) : nlohmann::json(nullptr)},
            {"crash_schedule_length", r.schedule.size()},
            {"minimal_schedule_length", r.minimalSchedule.size()},
            {"minimal_schedule_switches", r.switches},
            {"out", outPath.empty() ? nlohmann::json(nullptr) : nlohmann::json(outPath)},
            {"oops", nullptr},
        };
        if (r.oops) {
            j["oops"] = {{"rip", symbolize(r.oops->regs.rip)},
                         {"kind", std::string(faultKindName(r.oops->kind))},
                         {"address", hexValue(r.oops->address)},
                         {"step", r.oops->step}};
        }
        printOut(j.dump(2) + "\n");
    } else {
        std::string text = "explored " + counted(r.schedules, "schedule", "schedules") + " (" +
                           std::to_string(static_cast<uint64_t>(perSecond)) + "/s, " +
                           counted(r.steps, "step", "steps") + ") in " + seconds(r.seconds) + " with " +
                           std::string(exploreModeName(o.mode)) + "\n";
        if (r.crashed && r.oops) {
            // The exhaustive search finds a crash partway through a depth-first walk, not in a
            // numbered schedule.
            const std::string where = o.mode == ExploreMode::Exhaustive
                                          ? std::to_string(r.states) + " states into the search"
                                          : "schedule " + std::to_string(r.crashingScheduleIndex);
            text += "oops after " + seconds(r.secondsToFirstCrash) + ", " + where + ": " +
                    std::string(faultKindName(r.oops->kind)) + " at " + symbolize(r.oops->regs.rip) + "\n";
            text += "shrunk from " + std::to_string(r.schedule.size()) + " to " +
                    std::to_string(r.minimalSchedule.size()) + " steps with " +
                    counted(r.switches, "context switch", "context switches") + "\n";
            if (!outPath.empty())
                text += "wrote " + outPath + " (replay: racescope-cli run --scenario " + outPath + " --explain)\n";
        } else if (o.mode == ExploreMode::Exhaustive && r.complete) {
            text += "no oops reachable in " + std::to_string(r.states) + " states (" +
                    std::to_string(static_cast<uint64_t>(r.seconds > 0 ? r.states / r.seconds : 0)) + " states/s): ";
            if (r.reduction == Reduction::Por)
                text += "every state the partial-order reduction needs was visited (" +
                        std::to_string(r.prunedActions) + " actions shown redundant)\n";
            else
                text += "every reachable state was visited\n";
        } else if (o.mode == ExploreMode::Exhaustive) {
            text += "no oops found in " + std::to_string(r.states) + " states, but the search is not a proof: " +
                    (r.depthBoundHit ? "paths were cut at --max-steps " + std::to_string(o.maxSteps)
                                     : std::string("it stopped at its time budget")) +
                    "\n";
        } else {
            text += "no oops found\n";
        }
        if (o.mode == ExploreMode::Exhaustive && !readerList.empty())
            text += "readers checked one at a time against the other tasks: " + readerList +
                    " (one reader cannot help another crash; docs/explorer.md)\n";
        if (o.mode == ExploreMode::Exhaustive && !r.splitNote.empty())
            text += "readers searched together: " + r.splitNote + "\n";
        if (o.mode == ExploreMode::Exhaustive && !r.reductionNote.empty())
            text += "no partial-order reduction: " + r.reductionNote + "\n";
        printOut(text);
    }
    return r.crashed ? kOops : kOk;
}

} // namespace racescope::cli
