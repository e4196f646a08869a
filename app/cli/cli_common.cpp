#include "cli/cli_common.h"

#include <cstdio>

namespace racescope::cli {

void printOut(const std::string& text)
{
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

void printErr(const std::string& text)
{
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

int usageError(const std::string& message)
{
    printErr("racescope-cli: " + message + "\n");
    return kUsage;
}

std::optional<int> parseOrExit(QCommandLineParser& parser, const QStringList& args, const QString& description)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help({"h", "help"}, "Show this help.");
    parser.addOption(help);
    if (!parser.parse(args))
        return usageError(parser.errorText().toStdString() + " (see --help)");
    if (parser.isSet(help)) {
        // Qt names the program as it was started ("./build/dev/app/racescope-cli"); the
        // first argument names the command instead (main.cpp).
        QString text = parser.helpText();
        const qsizetype end = text.indexOf(" [options]");
        if (text.startsWith("Usage: ") && end > 0 && !args.isEmpty())
            text.replace(7, end - 7, args.first());
        printOut(text.toStdString());
        return kOk;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError("unexpected argument '" + parser.positionalArguments().first().toStdString() +
                          "' (see --help)");
    return std::nullopt;
}

void addOverrideOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        {"fault", "Switch on a fault (repeatable); see `racescope-cli faults`.", "ID"},
        {"allocator", "Allocator: slub, slub-poison or slab.", "KIND"},
        {"cpus", "Number of CPUs, 1 to 64 (tasks pinned past the last move to cpu % N).", "N"},
        {"seed", "Seed of the random scheduler.", "S"},
        {"fault-seed", "Seed of the stray-write and bit-flip faults (where and when they strike).", "S"},
        {"kasan", "Report any access to freed slab memory at once, as KASAN does."},
        {"steps", "Stop after N steps.", "N"},
        {"strategy", "Scheduler: random, round-robin or scripted.", "NAME"},
    });
}

namespace {
std::optional<uint64_t> toNumber(const QString& text)
{
    bool ok = false;
    const qulonglong value = text.toULongLong(&ok, 10);
    if (!ok)
        return std::nullopt;
    return value;
}
} // namespace

std::string readOverrides(const QCommandLineParser& p, ScenarioOverrides& o)
{
    for (const QString& name : p.values("fault")) {
        std::optional<FaultId> id = faultFromName(name.toStdString());
        if (!id)
            return "unknown fault '" + name.toStdString() + "' (see `racescope-cli faults`)";
        o.faults.push_back(*id);
    }
    if (p.isSet("allocator")) {
        o.allocator = allocatorFromName(p.value("allocator").toStdString());
        if (!o.allocator)
            return "unknown allocator '" + p.value("allocator").toStdString() + "' (expected slub, slub-poison or slab)";
    }
    if (p.isSet("cpus")) {
        std::optional<uint64_t> n = toNumber(p.value("cpus"));
        if (!n || *n < 1 || *n > 64)
            return "--cpus expects a number from 1 to 64, not '" + p.value("cpus").toStdString() + "'";
        o.cpus = static_cast<unsigned>(*n);
    }
    if (p.isSet("seed")) {
        o.seed = toNumber(p.value("seed"));
        if (!o.seed)
            return "--seed expects a non-negative integer, not '" + p.value("seed").toStdString() + "'";
    }
    o.kasan = p.isSet("kasan");
    if (p.isSet("fault-seed")) {
        o.faultSeed = toNumber(p.value("fault-seed"));
        if (!o.faultSeed)
            return "--fault-seed expects a non-negative integer, not '" + p.value("fault-seed").toStdString() + "'";
    }
    if (p.isSet("steps")) {
        o.maxSteps = toNumber(p.value("steps"));
        if (!o.maxSteps || *o.maxSteps == 0)
            return "--steps expects a positive integer, not '" + p.value("steps").toStdString() + "'";
    }
    if (p.isSet("strategy")) {
        o.strategy = strategyFromName(p.value("strategy").toStdString());
        if (!o.strategy)
            return "unknown strategy '" + p.value("strategy").toStdString() + "' (expected random, round-robin or scripted)";
    }
    return {};
}

std::optional<int> scenarioFromOptions(const QCommandLineParser& parser, const char* command, Scenario& out)
{
    if (!parser.isSet("scenario"))
        return usageError(std::string(command) + " needs --scenario NAME|FILE (see `racescope-cli scenarios`)");
    ScenarioOverrides overrides;
    if (std::string error = readOverrides(parser, overrides); !error.empty())
        return usageError(error);
    ScenarioResult loaded = loadScenario(parser.value("scenario").toStdString());
    if (!loaded.ok())
        return usageError(loaded.error.toString());
    out = *loaded.scenario;
    if (std::string error = applyOverrides(out, overrides); !error.empty())
        return usageError(error);
    return std::nullopt;
}

} // namespace racescope::cli
