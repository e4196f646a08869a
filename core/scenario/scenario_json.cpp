// Scenario JSON -> Scenario. Strict: unknown keys are errors, so a typo never silently
// falls back to a default. Every error carries the JSON pointer of the offending value.

#include "fsnotify/group_layout.h"
#include "memory/layout.h"
#include "scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace racescope {

using nlohmann::json;

std::string ScenarioError::toString() const
{
    std::string text = file;
    if (!where.empty())
        text += ": " + where;
    return text + ": " + message;
}

std::string_view strategyName(StrategyKind kind)
{
    switch (kind) {
    case StrategyKind::Random: return "random";
    case StrategyKind::RoundRobin: return "round-robin";
    case StrategyKind::Scripted: return "scripted";
    }
    return "random";
}

std::optional<StrategyKind> strategyFromName(std::string_view name)
{
    for (StrategyKind k : {StrategyKind::Random, StrategyKind::RoundRobin, StrategyKind::Scripted}) {
        if (strategyName(k) == name)
            return k;
    }
    return std::nullopt;
}

namespace {

struct Failure {
    std::string where;
    std::string message;
};

constexpr std::array<std::pair<std::string_view, uint32_t>, 8> kMaskNames = {{
    {"FS_ACCESS", fs_mask::FS_ACCESS},
    {"FS_MODIFY", fs_mask::FS_MODIFY},
    {"FS_ATTRIB", fs_mask::FS_ATTRIB},
    {"FS_CLOSE_WRITE", fs_mask::FS_CLOSE_WRITE},
    {"FS_OPEN", fs_mask::FS_OPEN},
    {"FS_CREATE", fs_mask::FS_CREATE},
    {"FS_DELETE", fs_mask::FS_DELETE},
    {"FS_EVENT_ON_CHILD", fs_mask::FS_EVENT_ON_CHILD},
}};

// A JSON value and the pointer that leads to it.
class Node {
public:
    Node(const json& value, std::string path) : m_value(value), m_path(std::move(path)) {}

    const json& value() const { return m_value; }
    const std::string& path() const { return m_path; }
    [[noreturn]] void fail(const std::string& message) const
    {
        throw Failure{m_path.empty() ? "/" : m_path, message};
    }

    Node at(const std::string& key) const { return Node(m_value.at(key), m_path + "/" + key); }
    Node at(size_t index) const { return Node(m_value.at(index), m_path + "/" + std::to_string(index)); }
    bool has(const std::string& key) const { return m_value.contains(key); }

    void requireObject(std::initializer_list<std::string_view> allowed) const
    {
        if (!m_value.is_object())
            fail("expected an object, found " + std::string(m_value.type_name()));
        for (auto it = m_value.begin(); it != m_value.end(); ++it) {
            if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) {
                std::string list;
                for (std::string_view a : allowed)
                    list += (list.empty() ? "" : ", ") + std::string(a);
                Node(it.value(), m_path + "/" + it.key()).fail("unknown key \"" + it.key() + "\" (expected one of " + list + ")");
            }
        }
    }

    size_t arraySize() const
    {
        if (!m_value.is_array())
            fail("expected an array, found " + std::string(m_value.type_name()));
        return m_value.size();
    }

    std::string string() const
    {
        if (!m_value.is_string())
            fail("expected a string, found " + std::string(m_value.type_name()));
        return m_value.get<std::string>();
    }

    uint64_t integer(uint64_t min, uint64_t max) const
    {
        if (!m_value.is_number_integer() || (m_value.is_number_integer() && !m_value.is_number_unsigned() && m_value.get<int64_t>() < 0))
            fail("expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", found " +
                 m_value.dump());
        const uint64_t v = m_value.get<uint64_t>();
        if (v < min || v > max)
            fail("expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", found " +
                 std::to_string(v));
        return v;
    }

    bool boolean() const
    {
        if (!m_value.is_boolean())
            fail("expected true or false, found " + m_value.dump());
        return m_value.get<bool>();
    }

    uint32_t perMille() const
    {
        if (!m_value.is_number() || m_value.get<double>() < 0.0 || m_value.get<double>() > 1.0)
            fail("expected a probability from 0 to 1, found " + m_value.dump());
        return static_cast<uint32_t>(std::lround(m_value.get<double>() * 1000.0));
    }

    uint32_t mask() const
    {
        if (m_value.is_number_integer())
            return static_cast<uint32_t>(integer(0, 0xffffffff));
        if (m_value.is_string())
            return maskName(m_value.get<std::string>());
        if (m_value.is_array()) {
            uint32_t mask = 0;
            for (size_t i = 0; i < m_value.size(); ++i)
                mask |= at(i).mask();
            return mask;
        }
        fail("expected a mask: an integer, a name such as \"FS_DELETE\", or an array of names");
    }

private:
    uint32_t maskName(const std::string& name) const
    {
        for (const auto& [n, bit] : kMaskNames) {
            if (n == name)
                return bit;
        }
        std::string list;
        for (const auto& [n, bit] : kMaskNames)
            list += (list.empty() ? "" : ", ") + std::string(n);
        fail("unknown mask \"" + name + "\" (expected one of " + list + ")");
    }

    const json& m_value;
    std::string m_path;
};

uint32_t indexOf(const std::vector<std::string>& names, const Node& node, const char* what)
{
    const std::string name = node.string();
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
        std::string list;
        for (const std::string& n : names)
            list += (list.empty() ? "" : ", ") + n;
        node.fail(std::string("no ") + what + " named \"" + name + "\" (known: " + list + ")");
    }
    return static_cast<uint32_t>(it - names.begin());
}

OpSpec parseOp(const Node& n, const WorldSpec& world)
{
    n.requireObject({"op", "repeat", "inode", "fd", "group_num", "mask", "watch"});
    if (!n.has("op"))
        n.fail("missing \"op\"");
    OpSpec op;
    const std::string name = n.at("op").string();
    if (!opFromName(name, op.kind)) {
        std::string list;
        for (size_t i = 0; i < static_cast<size_t>(OpKind::Count); ++i)
            list += (list.empty() ? "" : ", ") + std::string(opName(static_cast<OpKind>(i)));
        n.at("op").fail("unknown op \"" + name + "\" (expected one of " + list + ")");
    }
    if (n.has("repeat"))
        op.repeat = static_cast<uint32_t>(n.at("repeat").integer(1, 1000000));
    const bool usesFd = op.kind == OpKind::InotifyInit || op.kind == OpKind::Close || op.kind == OpKind::Read;
    const bool usesInode = !usesFd;
    auto forbid = [&](const char* key, bool allowed) {
        if (n.has(key) && !allowed)
            n.at(key).fail(std::string("\"") + key + "\" does not apply to op \"" + name + "\"");
    };
    forbid("inode", usesInode);
    forbid("fd", usesFd);
    forbid("group_num", op.kind == OpKind::InotifyInit);
    forbid("mask", op.kind == OpKind::InotifyInit);
    forbid("watch", op.kind == OpKind::InotifyInit);
    if (usesInode)
        op.inode = n.has("inode") ? indexOf(world.inodes, n.at("inode"), "inode") : 0;
    if (usesFd) {
        if (!n.has("fd"))
            n.fail("op \"" + name + "\" needs \"fd\"");
        op.fd = static_cast<uint8_t>(n.at("fd").integer(0, kMaxFds - 1));
    }
    if (op.kind == OpKind::InotifyInit) {
        if (!n.has("group_num") || !n.has("mask"))
            n.fail("op \"inotify_init\" needs \"group_num\" and \"mask\"");
        op.groupNum = static_cast<uint32_t>(n.at("group_num").integer(0, 0xffffffff));
        op.mask = n.at("mask").mask();
        op.watch = n.has("watch") ? indexOf(world.inodes, n.at("watch"), "inode") : 0;
    }
    return op;
}

ScheduleEntry parseScheduleEntry(const Node& n, const std::vector<std::string>& taskNames, unsigned cpus)
{
    // "task", "task@cpu" or "task:sleep"
    std::string text = n.string();
    ScheduleEntry e;
    if (text.size() > 6 && text.ends_with(":sleep")) {
        e.kind = ActionKind::Sleep;
        text.resize(text.size() - 6);
    }
    if (size_t at = text.find('@'); at != std::string::npos) {
        const std::string cpu = text.substr(at + 1);
        if (cpu.empty() || cpu.size() > 2 || !std::all_of(cpu.begin(), cpu.end(), ::isdigit) ||
            std::stoul(cpu) >= cpus)
            n.fail("bad CPU in \"" + n.string() + "\" (expected task@N with N below " + std::to_string(cpus) + ")");
        e.cpu = static_cast<int>(std::stoul(cpu));
        text.resize(at);
    }
    auto it = std::find(taskNames.begin(), taskNames.end(), text);
    if (it == taskNames.end())
        n.fail("no task named \"" + text + "\" (entries are \"task\", \"task@cpu\" or \"task:sleep\")");
    e.task = static_cast<uint8_t>(it - taskNames.begin());
    return e;
}

Scenario parseRoot(const Node& root, const std::string& origin)
{
    root.requireObject({"format", "name", "title", "description", "cpus", "allocator", "slots", "inodes",
                        "groups", "tasks", "faults", "fault_seed", "kasan", "on_oops", "run"});
    Scenario s;
    s.origin = origin;
    if (root.has("format") && root.at("format").integer(1, 1) != 1)
        root.at("format").fail("unsupported format");
    if (!root.has("name"))
        root.fail("missing \"name\"");
    s.name = root.at("name").string();
    if (s.name.empty())
        root.at("name").fail("expected a non-empty name");
    if (root.has("title"))
        s.title = root.at("title").string();
    if (root.has("description"))
        s.description = root.at("description").string();

    WorldSpec& w = s.world;
    if (root.has("cpus"))
        w.cpus = static_cast<unsigned>(root.at("cpus").integer(1, layout::kMaxCpus));
    if (root.has("allocator")) {
        const Node a = root.at("allocator");
        std::optional<AllocatorKind> kind = allocatorFromName(a.string());
        if (!kind)
            a.fail("unknown allocator \"" + a.string() + "\" (expected slub, slub-poison or slab)");
        w.allocator = *kind;
    }
    if (root.has("slots")) {
        const Node slots = root.at("slots");
        slots.requireObject({"groups", "events", "holders"});
        if (slots.has("groups"))
            w.groupSlots = static_cast<uint32_t>(slots.at("groups").integer(1, 4096));
        if (slots.has("events"))
            w.eventSlots = static_cast<uint32_t>(slots.at("events").integer(1, 4096));
        if (slots.has("holders"))
            w.holderSlots = static_cast<uint32_t>(slots.at("holders").integer(1, 65536));
    }
    if (root.has("inodes")) {
        const Node inodes = root.at("inodes");
        w.inodes.clear();
        for (size_t i = 0; i < inodes.arraySize(); ++i) {
            std::string name = inodes.at(i).string();
            if (std::find(w.inodes.begin(), w.inodes.end(), name) != w.inodes.end())
                inodes.at(i).fail("inode \"" + name + "\" is listed twice");
            w.inodes.push_back(std::move(name));
        }
        if (w.inodes.empty())
            inodes.fail("expected at least one inode");
    }

    if (!root.has("tasks"))
        root.fail("missing \"tasks\"");
    const Node tasks = root.at("tasks");
    const size_t taskCount = tasks.arraySize();
    if (taskCount == 0 || taskCount > 254)
        tasks.fail("expected between 1 and 254 tasks");
    std::vector<std::string> taskNames;
    for (size_t i = 0; i < taskCount; ++i) {
        const Node t = tasks.at(i);
        t.requireObject({"name", "cpu", "migratable", "loops", "program"});
        TaskSpec spec;
        if (!t.has("name"))
            t.fail("missing \"name\"");
        spec.name = t.at("name").string();
        if (spec.name.empty() || spec.name.find_first_of("@: ") != std::string::npos)
            t.at("name").fail("a task name must be non-empty and free of '@', ':' and spaces");
        if (std::find(taskNames.begin(), taskNames.end(), spec.name) != taskNames.end())
            t.at("name").fail("task \"" + spec.name + "\" is defined twice");
        spec.cpu = static_cast<uint8_t>(t.has("cpu") ? t.at("cpu").integer(0, w.cpus - 1) : i % w.cpus);
        if (t.has("migratable"))
            spec.migratable = t.at("migratable").boolean();
        if (t.has("loops"))
            spec.loops = static_cast<uint32_t>(t.at("loops").integer(0, 100000000));
        if (!t.has("program"))
            t.fail("missing \"program\"");
        const Node program = t.at("program");
        for (size_t k = 0; k < program.arraySize(); ++k)
            spec.program.push_back(parseOp(program.at(k), w));
        taskNames.push_back(spec.name);
        w.tasks.push_back(std::move(spec));
    }

    if (root.has("groups")) {
        const Node groups = root.at("groups");
        std::set<std::pair<uint32_t, uint8_t>> usedFds;
        for (size_t i = 0; i < groups.arraySize(); ++i) {
            const Node g = groups.at(i);
            g.requireObject({"owner", "fd", "group_num", "mask", "watch", "refs"});
            GroupSpec spec;
            if (!g.has("owner") || !g.has("group_num") || !g.has("mask"))
                g.fail("a group needs \"owner\", \"group_num\" and \"mask\"");
            spec.owner = indexOf(taskNames, g.at("owner"), "task");
            spec.fd = static_cast<uint8_t>(g.has("fd") ? g.at("fd").integer(0, kMaxFds - 1) : 0);
            if (!usedFds.insert({spec.owner, spec.fd}).second)
                g.at("owner").fail("task \"" + taskNames[spec.owner] + "\" already holds a group in fd " +
                                   std::to_string(spec.fd));
            spec.groupNum = static_cast<uint32_t>(g.at("group_num").integer(0, 0xffffffff));
            spec.mask = g.at("mask").mask();
            spec.watch = g.has("watch") ? indexOf(w.inodes, g.at("watch"), "inode") : 0;
            if (g.has("refs"))
                spec.refs = static_cast<uint32_t>(g.at("refs").integer(1, 1000));
            w.groups.push_back(spec);
        }
        if (w.groups.size() > w.groupSlots)
            groups.fail("more groups at boot (" + std::to_string(w.groups.size()) + ") than group slots (" +
                        std::to_string(w.groupSlots) + ")");
    }

    if (root.has("faults")) {
        const Node faults = root.at("faults");
        for (size_t i = 0; i < faults.arraySize(); ++i) {
            const std::string name = faults.at(i).string();
            std::optional<FaultId> id = faultFromName(name);
            if (!id)
                faults.at(i).fail("unknown fault \"" + name + "\" (see racescope-cli faults)");
            w.faults.set(*id);
        }
    }
    if (root.has("kasan"))
        w.kasan = root.at("kasan").boolean();
    if (root.has("fault_seed"))
        w.faultSeed = root.at("fault_seed").integer(0, UINT64_MAX);
    if (root.has("on_oops")) {
        const std::string policy = root.at("on_oops").string();
        if (policy == "halt")
            w.oopsPolicy = OopsPolicy::HaltMachine;
        else if (policy == "kill-task")
            w.oopsPolicy = OopsPolicy::KillTask;
        else
            root.at("on_oops").fail("expected \"halt\" or \"kill-task\"");
    }

    if (root.has("run")) {
        const Node run = root.at("run");
        run.requireObject({"seed", "strategy", "max_steps", "random", "schedule", "after_schedule"});
        if (run.has("seed"))
            s.seed = run.at("seed").integer(0, UINT64_MAX);
        if (run.has("strategy")) {
            std::optional<StrategyKind> kind = strategyFromName(run.at("strategy").string());
            if (!kind)
                run.at("strategy").fail("expected random, round-robin or scripted");
            s.strategy = *kind;
        }
        if (run.has("max_steps"))
            s.maxSteps = run.at("max_steps").integer(1, 10000000000ull);
        if (run.has("random")) {
            const Node r = run.at("random");
            r.requireObject({"keep_cpu", "sleep", "migrate"});
            if (r.has("keep_cpu"))
                s.random.keepCpuPerMille = r.at("keep_cpu").perMille();
            if (r.has("sleep"))
                s.random.sleepPerMille = r.at("sleep").perMille();
            if (r.has("migrate"))
                s.random.migratePerMille = r.at("migrate").perMille();
        }
        if (run.has("schedule")) {
            const Node schedule = run.at("schedule");
            for (size_t i = 0; i < schedule.arraySize(); ++i)
                s.schedule.push_back(parseScheduleEntry(schedule.at(i), taskNames, w.cpus));
        }
        if (run.has("after_schedule")) {
            const std::string after = run.at("after_schedule").string();
            if (after == "stop")
                s.afterSchedule = AfterSchedule::Stop;
            else if (after == "round-robin")
                s.afterSchedule = AfterSchedule::RoundRobin;
            else
                run.at("after_schedule").fail("expected \"stop\" or \"round-robin\"");
        }
        if (s.strategy == StrategyKind::Scripted && s.schedule.empty())
            run.fail("strategy \"scripted\" needs a non-empty \"schedule\"");
    }
    return s;
}

std::string lineAndColumn(std::string_view text, size_t byte)
{
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

} // namespace

ScenarioResult parseScenario(std::string_view text, const std::string& origin)
{
    ScenarioResult result;
    result.error.file = origin;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        result.error.message = "the file is empty; a scenario is a JSON object (docs/scenario-format.md)";
        return result;
    }
    json root;
    try {
        root = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        result.error.where = lineAndColumn(text, e.byte);
        std::string what = e.what();
        // nlohmann prefixes its own location; ours is clearer, so keep only the reason. The
        // first ": " ends that prefix: later ones may sit inside the quoted "last read" text.
        if (size_t colon = what.find(": "); colon != std::string::npos)
            what = what.substr(colon + 2);
        result.error.message = "invalid JSON: " + what;
        return result;
    }
    try {
        result.scenario = parseRoot(Node(root, ""), origin);
        result.scenario->source = std::string(text);
    } catch (const Failure& f) {
        result.error.where = f.where;
        result.error.message = f.message;
    } catch (const json::exception& e) {
        result.error.message = e.what();
    }
    return result;
}

ScenarioResult loadScenarioFile(const std::string& path)
{
    ScenarioResult result;
    std::error_code ec;
    // A directory opens as a stream that reads nothing, which would read as empty JSON.
    if (std::filesystem::is_directory(path, ec)) {
        result.error = {path, "", "is a directory, not a scenario file"};
        return result;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        result.error = {path, "", "cannot open the file: " + std::string(std::strerror(errno))};
        return result;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parseScenario(buffer.str(), path);
}

ScenarioResult loadScenario(const std::string& nameOrPath)
{
    for (const BuiltinScenario& b : builtinScenarios()) {
        if (b.name == nameOrPath)
            return parseScenario(b.json, "builtin:" + std::string(b.name));
    }
    if (nameOrPath.find('/') == std::string::npos && !nameOrPath.ends_with(".json")) {
        ScenarioResult result;
        std::string list;
        for (const BuiltinScenario& b : builtinScenarios())
            list += (list.empty() ? "" : ", ") + std::string(b.name);
        result.error = {nameOrPath, "", "no built-in scenario of that name (built-in: " + list +
                                            "); a file path needs a '/' or a .json suffix"};
        return result;
    }
    return loadScenarioFile(nameOrPath);
}

std::unique_ptr<Scheduler> makeScheduler(const Scenario& s)
{
    switch (s.strategy) {
    case StrategyKind::Random: return std::make_unique<RandomScheduler>(s.seed, s.random);
    case StrategyKind::RoundRobin: return std::make_unique<RoundRobinScheduler>();
    case StrategyKind::Scripted: return std::make_unique<ScriptedScheduler>(s.schedule, s.afterSchedule);
    }
    return std::make_unique<RandomScheduler>(s.seed, s.random);
}

} // namespace racescope
