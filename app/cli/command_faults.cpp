#include "cli/cli_common.h"

#include <nlohmann/json.hpp>

namespace racescope::cli {

int runFaults(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({"json", "Print one JSON array."});
    if (std::optional<int> exit = parseOrExit(parser, args, "List the fault switches."))
        return *exit;
    nlohmann::json list = nlohmann::json::array();
    std::string text;
    for (const FaultInfo& f : faultCatalogue()) {
        list.push_back({{"id", f.name}, {"description", f.description}, {"mechanism", f.mechanism},
                        {"signature", f.signature}, {"scenario", f.scenario}});
        text += std::string(f.name) + "\n  " + std::string(f.description) + "\n  mechanism: " +
                std::string(f.mechanism) + "\n  signature: " + std::string(f.signature) +
                "\n  best shown by: " + std::string(f.scenario) + "\n";
    }
    printOut(parser.isSet("json") ? list.dump(2) + "\n" : text);
    return kOk;
}

} // namespace racescope::cli
