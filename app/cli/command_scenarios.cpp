#include "cli/cli_common.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

namespace racescope::cli {

int runScenarios(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({"json", "Print one JSON array."});
    if (std::optional<int> exit = parseOrExit(parser, args, "List the built-in scenarios."))
        return *exit;
    nlohmann::json list = nlohmann::json::array();
    std::vector<Scenario> scenarios;
    size_t nameWidth = 0;
    for (const BuiltinScenario& b : builtinScenarios()) {
        ScenarioResult r = parseScenario(b.json, "builtin:" + std::string(b.name));
        if (!r.ok()) {
            printErr("racescope-cli: " + r.error.toString() + "\n");
            return kInternalError;
        }
        const Scenario& s = scenarios.emplace_back(std::move(*r.scenario));
        list.push_back({{"name", s.name}, {"title", s.title}, {"description", s.description},
                        {"cpus", s.world.cpus}, {"tasks", s.world.tasks.size()},
                        {"allocator", std::string(allocatorName(s.world.allocator))}});
        nameWidth = std::max(nameWidth, s.name.size());
    }
    std::string text;
    for (const Scenario& s : scenarios)
        text += s.name + std::string(nameWidth + 2 - s.name.size(), ' ') + s.title + "\n";
    printOut(parser.isSet("json") ? list.dump(2) + "\n" : text);
    return kOk;
}

} // namespace racescope::cli
