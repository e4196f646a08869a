#include "scenario/overrides.h"
#include "scenario/scenario.h"

#include "fsnotify/group_layout.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

namespace racescope {

namespace {

QString q(const std::string& text) { return QString::fromStdString(text); }

Scenario parseOrFail(const char* json)
{
    ScenarioResult r = parseScenario(json, "test");
    if (!r.ok())
        qFatal("unexpected parse error: %s", r.error.toString().c_str());
    return *r.scenario;
}

// Touches every key the loader knows, each set away from its default, so a key that is
// read into the wrong field or silently dropped shows up as a mismatch.
const char* kFullScenario = R"({
  "format": 1,
  "name": "round-trip",
  "title": "A title",
  "description": "A description.",
  "cpus": 2,
  "allocator": "slab",
  "slots": { "groups": 3, "events": 5, "holders": 7 },
  "inodes": ["dir", "file", "other"],
  "groups": [
    { "owner": "writer", "fd": 1, "group_num": 5, "mask": "FS_MODIFY", "watch": "file", "refs": 2 },
    { "owner": "reader", "group_num": 6, "mask": 520 }
  ],
  "tasks": [
    { "name": "reader", "cpu": 1, "migratable": false, "loops": 3, "program": [
        { "op": "unlink", "inode": "file", "repeat": 4 },
        { "op": "create" },
        { "op": "open", "inode": "other" },
        { "op": "modify", "inode": "dir" },
        { "op": "access", "inode": "file" } ] },
    { "name": "writer", "loops": 0, "program": [
        { "op": "inotify_init", "fd": 2, "group_num": 7, "mask": ["FS_DELETE", "FS_CREATE"], "watch": "other" },
        { "op": "read", "fd": 2, "repeat": 2 },
        { "op": "close", "fd": 2 } ] },
    { "name": "third", "program": [] }
  ],
  "faults": ["early-free"],
  "on_oops": "kill-task",
  "run": {
    "seed": 42,
    "strategy": "scripted",
    "max_steps": 1234,
    "random": { "keep_cpu": 0.5, "sleep": 0.25, "migrate": 0 },
    "schedule": ["reader", "writer@0", "third:sleep", "writer@1:sleep"],
    "after_schedule": "stop"
  }
})";

// One task on one of two CPUs: the base that most error cases below change in one place.
const char* kSmallScenario = R"({"name": "small", "cpus": 2, "tasks": [
    {"name": "t", "cpu": 1, "program": [{"op": "unlink"}]}],
  "run": {"strategy": "scripted", "schedule": ["t"]}})";

} // namespace

class TestScenario : public QObject {
    Q_OBJECT
private slots:
    void builtinScenariosParse_data()
    {
        QTest::addColumn<QString>("name");
        for (const BuiltinScenario& b : builtinScenarios())
            QTest::newRow(std::string(b.name).c_str()) << QString::fromUtf8(b.name.data(), qsizetype(b.name.size()));
    }

    void builtinScenariosParse()
    {
        QFETCH(QString, name);
        ScenarioResult r = loadScenario(name.toStdString());
        QVERIFY2(r.ok(), r.error.toString().c_str());
        QCOMPARE(q(r.scenario->name), name);
        QCOMPARE(q(r.scenario->origin), "builtin:" + name);
        QVERIFY(!r.scenario->title.empty());
        QVERIFY(!r.scenario->world.tasks.empty());
        // A built-in scenario is a clean baseline whose faults the user switches on, except a
        // "-repro": the scripted schedule of one crash, which carries the fault it needs.
        if (name.endsWith("-repro")) {
            QVERIFY(!r.scenario->world.faults.empty());
            QCOMPARE(r.scenario->strategy, StrategyKind::Scripted);
        } else {
            QVERIFY(r.scenario->world.faults.empty());
        }
    }

    void theTwoShippedScenariosAreBuiltIn()
    {
        QStringList names;
        for (const BuiltinScenario& b : builtinScenarios())
            names << QString::fromUtf8(b.name.data(), qsizetype(b.name.size()));
        QVERIFY(names.contains("seed"));
        QVERIFY(names.contains("calm"));
    }

    void defaultsApplyWhenKeysAreLeftOut()
    {
        const Scenario s = parseOrFail(R"({"name": "d", "tasks": [
            {"name": "a", "program": [{"op": "unlink"}]}, {"name": "b", "program": []},
            {"name": "c", "program": []}, {"name": "d", "program": []}, {"name": "e", "program": []}]})");
        const WorldSpec defaults;
        QCOMPARE(s.world.cpus, defaults.cpus);
        QCOMPARE(s.world.allocator, AllocatorKind::Slub);
        QCOMPARE(s.world.groupSlots, defaults.groupSlots);
        QCOMPARE(s.world.eventSlots, defaults.eventSlots);
        QCOMPARE(s.world.holderSlots, defaults.holderSlots);
        QCOMPARE(s.world.inodes, std::vector<std::string>{"dir"});
        QVERIFY(s.world.groups.empty());
        QVERIFY(s.world.faults.empty());
        QCOMPARE(s.world.oopsPolicy, OopsPolicy::HaltMachine);
        QCOMPARE(s.seed, uint64_t(1));
        QCOMPARE(s.strategy, StrategyKind::Random);
        QCOMPARE(s.maxSteps, uint64_t(200000));
        QCOMPARE(s.afterSchedule, AfterSchedule::RoundRobin);
        // Tasks without "cpu" are dealt out over the CPUs in order.
        QCOMPARE(int(s.world.tasks[4].cpu), 0);
        QCOMPARE(int(s.world.tasks[3].cpu), 3);
        QCOMPARE(s.world.tasks[0].migratable, true);
        QCOMPARE(s.world.tasks[0].loops, 1u);
        QCOMPARE(s.world.tasks[0].program[0].repeat, 1u);
        QCOMPARE(s.world.tasks[0].program[0].inode, 0u);
    }

    void everyFieldRoundTrips()
    {
        const Scenario s = parseOrFail(kFullScenario);
        QCOMPARE(q(s.name), "round-trip");
        QCOMPARE(q(s.title), "A title");
        QCOMPARE(q(s.description), "A description.");
        QCOMPARE(q(s.origin), "test");

        const WorldSpec& w = s.world;
        QCOMPARE(w.cpus, 2u);
        QCOMPARE(w.allocator, AllocatorKind::Slab);
        QCOMPARE(w.groupSlots, 3u);
        QCOMPARE(w.eventSlots, 5u);
        QCOMPARE(w.holderSlots, 7u);
        QCOMPARE(w.inodes, (std::vector<std::string>{"dir", "file", "other"}));
        QVERIFY(w.faults.has(FaultId::EarlyFree));
        QCOMPARE(w.oopsPolicy, OopsPolicy::KillTask);

        QCOMPARE(w.tasks.size(), size_t(3));
        const TaskSpec& reader = w.tasks[0];
        QCOMPARE(q(reader.name), "reader");
        QCOMPARE(int(reader.cpu), 1);
        QCOMPARE(reader.migratable, false);
        QCOMPARE(reader.loops, 3u);
        QCOMPARE(reader.program.size(), size_t(5));
        QCOMPARE(reader.program[0].kind, OpKind::Unlink);
        QCOMPARE(reader.program[0].inode, 1u);
        QCOMPARE(reader.program[0].repeat, 4u);
        QCOMPARE(reader.program[1].kind, OpKind::Create);
        QCOMPARE(reader.program[1].inode, 0u);
        QCOMPARE(reader.program[2].kind, OpKind::Open);
        QCOMPARE(reader.program[2].inode, 2u);
        QCOMPARE(reader.program[3].kind, OpKind::Modify);
        QCOMPARE(reader.program[3].inode, 0u);
        QCOMPARE(reader.program[4].kind, OpKind::Access);
        QCOMPARE(reader.program[4].inode, 1u);

        const TaskSpec& writer = w.tasks[1];
        QCOMPARE(int(writer.cpu), 1); // no "cpu": task 1 of 2 CPUs
        QCOMPARE(writer.migratable, true);
        QCOMPARE(writer.loops, 0u);
        QCOMPARE(writer.program.size(), size_t(3));
        QCOMPARE(writer.program[0].kind, OpKind::InotifyInit);
        QCOMPARE(int(writer.program[0].fd), 2);
        QCOMPARE(writer.program[0].groupNum, 7u);
        QCOMPARE(writer.program[0].mask, fs_mask::FS_DELETE | fs_mask::FS_CREATE);
        QCOMPARE(writer.program[0].watch, 2u);
        QCOMPARE(writer.program[1].kind, OpKind::Read);
        QCOMPARE(int(writer.program[1].fd), 2);
        QCOMPARE(writer.program[1].repeat, 2u);
        QCOMPARE(writer.program[2].kind, OpKind::Close);
        QCOMPARE(int(writer.program[2].fd), 2);

        QCOMPARE(int(w.tasks[2].cpu), 0);
        QVERIFY(w.tasks[2].program.empty());

        QCOMPARE(w.groups.size(), size_t(2));
        QCOMPARE(w.groups[0].owner, 1u);
        QCOMPARE(int(w.groups[0].fd), 1);
        QCOMPARE(w.groups[0].groupNum, 5u);
        QCOMPARE(w.groups[0].mask, fs_mask::FS_MODIFY);
        QCOMPARE(w.groups[0].watch, 1u);
        QCOMPARE(w.groups[0].refs, 2u);
        QCOMPARE(w.groups[1].owner, 0u);
        QCOMPARE(int(w.groups[1].fd), 0);
        QCOMPARE(w.groups[1].groupNum, 6u);
        QCOMPARE(w.groups[1].mask, fs_mask::FS_DELETE | fs_mask::FS_CLOSE_WRITE); // 520 = 0x208
        QCOMPARE(w.groups[1].watch, 0u);
        QCOMPARE(w.groups[1].refs, 1u);

        QCOMPARE(s.seed, uint64_t(42));
        QCOMPARE(s.strategy, StrategyKind::Scripted);
        QCOMPARE(s.maxSteps, uint64_t(1234));
        QCOMPARE(s.random.keepCpuPerMille, 500u);
        QCOMPARE(s.random.sleepPerMille, 250u);
        QCOMPARE(s.random.migratePerMille, 0u);
        const std::vector<ScheduleEntry> schedule = {
            {0, -1, ActionKind::Run},
            {1, 0, ActionKind::Run},
            {2, -1, ActionKind::Sleep},
            {1, 1, ActionKind::Sleep},
        };
        QVERIFY(s.schedule == schedule);
        QCOMPARE(s.afterSchedule, AfterSchedule::Stop);
    }

    void masksAcceptNamesIntegersAndArrays_data()
    {
        QTest::addColumn<QString>("mask");
        QTest::addColumn<quint32>("expected");
        QTest::newRow("name") << R"("FS_DELETE")" << quint32(0x200);
        QTest::newRow("integer") << "134218240" << quint32(0x08000200);
        QTest::newRow("array") << R"(["FS_DELETE", "FS_EVENT_ON_CHILD"])" << quint32(0x08000200);
        QTest::newRow("mixed array") << R"(["FS_OPEN", 1])" << quint32(0x21);
        QTest::newRow("empty array") << "[]" << quint32(0);
        QTest::newRow("every name")
            << R"(["FS_ACCESS", "FS_MODIFY", "FS_ATTRIB", "FS_CLOSE_WRITE", "FS_OPEN", "FS_CREATE", "FS_DELETE", "FS_EVENT_ON_CHILD"])"
            << quint32(0x0800032f);
    }

    void masksAcceptNamesIntegersAndArrays()
    {
        QFETCH(QString, mask);
        QFETCH(quint32, expected);
        const std::string json = R"({"name": "m", "groups": [{"owner": "t", "group_num": 1, "mask": )" +
                                 mask.toStdString() + R"(}], "tasks": [{"name": "t", "program": []}]})";
        ScenarioResult r = parseScenario(json, "test");
        QVERIFY2(r.ok(), r.error.toString().c_str());
        QCOMPARE(r.scenario->world.groups[0].mask, expected);
    }

    void errorsNameTheirPlace_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("phrase");

        QTest::newRow("invalid JSON") << "{\n  \"name\": \"x\",\n  \"tasks\": [ }\n}"
                                      << "line 3, column 14" << "invalid JSON: syntax error";
        // The quoted input holds ": ", which once cut the message down to "def'".
        QTest::newRow("unterminated string keeps its reason")
            << "{\"name\": \"abc: def" << "line 1, column 19" << "invalid JSON: syntax error while parsing value - invalid string: missing closing quote";
        QTest::newRow("root is not an object") << "[]" << "/" << "expected an object, found array";
        QTest::newRow("unknown top-level key")
            << R"({"name": "x", "cpu": 2, "tasks": [{"name": "t", "program": []}]})" << "/cpu"
            << "unknown key \"cpu\" (expected one of format, name,";
        QTest::newRow("missing name") << R"({"tasks": [{"name": "t", "program": []}]})" << "/" << "missing \"name\"";
        QTest::newRow("missing tasks") << R"({"name": "x"})" << "/" << "missing \"tasks\"";
        QTest::newRow("no tasks") << R"({"name": "x", "tasks": []})" << "/tasks" << "expected between 1 and 254 tasks";
        QTest::newRow("unsupported format")
            << R"({"format": 2, "name": "x", "tasks": [{"name": "t", "program": []}]})" << "/format"
            << "expected an integer from 1 to 1, found 2";
        QTest::newRow("unknown op")
            << R"({"name": "x", "tasks": [{"name": "t", "program": [{"op": "unlinkk"}]}]})"
            << "/tasks/0/program/0/op" << "unknown op \"unlinkk\" (expected one of unlink, create,";
        QTest::newRow("missing op")
            << R"({"name": "x", "tasks": [{"name": "t", "program": [{"inode": "dir"}]}]})" << "/tasks/0/program/0"
            << "missing \"op\"";
        QTest::newRow("fd on unlink")
            << R"({"name": "x", "tasks": [{"name": "t", "program": [{"op": "unlink"}]},
                  {"name": "u", "program": [{"op": "unlink", "fd": 0}]}]})"
            << "/tasks/1/program/0/fd" << "\"fd\" does not apply to op \"unlink\"";
        QTest::newRow("mask on read")
            << R"({"name": "x", "tasks": [{"name": "t", "program": [{"op": "read", "fd": 0, "mask": 1}]}]})"
            << "/tasks/0/program/0/mask" << "\"mask\" does not apply to op \"read\"";
        QTest::newRow("inode on close")
            << R"({"name": "x", "tasks": [{"name": "t", "program": [{"op": "close", "fd": 0, "inode": "dir"}]}]})"
            << "/tasks/0/program/0/inode" << "\"inode\" does not apply to op \"close\"";
        QTest::newRow("missing fd")
            << R"({"name": "x", "tasks": [{"name": "t", "program": [{"op": "close"}]}]})" << "/tasks/0/program/0"
            << "op \"close\" needs \"fd\"";
        QTest::newRow("fd too large")
            << R"({"name": "x", "tasks": [{"name": "t", "program": [{"op": "read", "fd": 8}]}]})"
            << "/tasks/0/program/0/fd" << "expected an integer from 0 to 7, found 8";
        QTest::newRow("inotify_init without mask")
            << R"({"name": "x", "tasks": [{"name": "t", "program": [{"op": "inotify_init", "fd": 0, "group_num": 1}]}]})"
            << "/tasks/0/program/0" << "op \"inotify_init\" needs \"group_num\" and \"mask\"";
        QTest::newRow("repeat zero")
            << R"({"name": "x", "tasks": [{"name": "t", "program": [{"op": "unlink", "repeat": 0}]}]})"
            << "/tasks/0/program/0/repeat" << "expected an integer from 1 to 1000000, found 0";
        QTest::newRow("unknown inode name")
            << R"({"name": "x", "inodes": ["dir", "file"], "tasks": [{"name": "t", "program": [{"op": "unlink", "inode": "nope"}]}]})"
            << "/tasks/0/program/0/inode" << "no inode named \"nope\" (known: dir, file)";
        QTest::newRow("inode listed twice")
            << R"({"name": "x", "inodes": ["dir", "dir"], "tasks": [{"name": "t", "program": []}]})" << "/inodes/1"
            << "inode \"dir\" is listed twice";
        QTest::newRow("unknown task in group owner")
            << R"({"name": "x", "groups": [{"owner": "ghost", "group_num": 1, "mask": 0}],
                  "tasks": [{"name": "t", "program": []}]})"
            << "/groups/0/owner" << "no task named \"ghost\" (known: t)";
        QTest::newRow("group without mask")
            << R"({"name": "x", "groups": [{"owner": "t", "group_num": 1}], "tasks": [{"name": "t", "program": []}]})"
            << "/groups/0" << "a group needs \"owner\", \"group_num\" and \"mask\"";
        QTest::newRow("two groups in one fd")
            << R"({"name": "x", "groups": [{"owner": "t", "group_num": 1, "mask": 0}, {"owner": "t", "group_num": 2, "mask": 0}],
                  "tasks": [{"name": "t", "program": []}]})"
            << "/groups/1/owner" << "task \"t\" already holds a group in fd 0";
        QTest::newRow("duplicate task name")
            << R"({"name": "x", "tasks": [{"name": "t", "program": []}, {"name": "t", "program": []}]})"
            << "/tasks/1/name" << "task \"t\" is defined twice";
        QTest::newRow("task name with @")
            << R"({"name": "x", "tasks": [{"name": "t@0", "program": []}]})" << "/tasks/0/name"
            << "free of '@', ':' and spaces";
        QTest::newRow("task without program")
            << R"({"name": "x", "tasks": [{"name": "t"}]})" << "/tasks/0" << "missing \"program\"";
        QTest::newRow("cpu out of range")
            << R"({"name": "x", "cpus": 2, "tasks": [{"name": "t", "cpu": 2, "program": []}]})" << "/tasks/0/cpu"
            << "expected an integer from 0 to 1, found 2";
        QTest::newRow("negative cpu")
            << R"({"name": "x", "tasks": [{"name": "t", "cpu": -1, "program": []}]})" << "/tasks/0/cpu"
            << "expected an integer from 0 to 3, found -1";
        QTest::newRow("cpus above 64")
            << R"({"name": "x", "cpus": 65, "tasks": [{"name": "t", "program": []}]})" << "/cpus"
            << "expected an integer from 1 to 64, found 65";
        QTest::newRow("migratable not a boolean")
            << R"({"name": "x", "tasks": [{"name": "t", "migratable": 1, "program": []}]})" << "/tasks/0/migratable"
            << "expected true or false, found 1";
        QTest::newRow("bad allocator")
            << R"({"name": "x", "allocator": "slob", "tasks": [{"name": "t", "program": []}]})" << "/allocator"
            << "unknown allocator \"slob\" (expected slub, slub-poison or slab)";
        QTest::newRow("unknown slots key")
            << R"({"name": "x", "slots": {"group": 2}, "tasks": [{"name": "t", "program": []}]})" << "/slots/group"
            << "unknown key \"group\" (expected one of groups, events, holders)";
        QTest::newRow("bad mask name")
            << R"({"name": "x", "groups": [{"owner": "t", "group_num": 1, "mask": ["FS_DELETE", "FS_DELTE"]}],
                  "tasks": [{"name": "t", "program": []}]})"
            << "/groups/0/mask/1" << "unknown mask \"FS_DELTE\" (expected one of FS_ACCESS,";
        QTest::newRow("mask of the wrong type")
            << R"({"name": "x", "groups": [{"owner": "t", "group_num": 1, "mask": true}],
                  "tasks": [{"name": "t", "program": []}]})"
            << "/groups/0/mask" << "expected a mask";
        QTest::newRow("too many boot groups for slots")
            << R"({"name": "x", "slots": {"groups": 1},
                  "groups": [{"owner": "t", "group_num": 1, "mask": 0}, {"owner": "t", "fd": 1, "group_num": 2, "mask": 0}],
                  "tasks": [{"name": "t", "program": []}]})"
            << "/groups" << "more groups at boot (2) than group slots (1)";
        QTest::newRow("unknown fault")
            << R"({"name": "x", "faults": ["early-free", "late-free"], "tasks": [{"name": "t", "program": []}]})"
            << "/faults/1" << "unknown fault \"late-free\"";
        QTest::newRow("bad on_oops")
            << R"({"name": "x", "on_oops": "panic", "tasks": [{"name": "t", "program": []}]})" << "/on_oops"
            << "expected \"halt\" or \"kill-task\"";
        QTest::newRow("unknown run key")
            << R"({"name": "x", "tasks": [{"name": "t", "program": []}], "run": {"steps": 5}})" << "/run/steps"
            << "unknown key \"steps\"";
        QTest::newRow("bad strategy")
            << R"({"name": "x", "tasks": [{"name": "t", "program": []}], "run": {"strategy": "fifo"}})"
            << "/run/strategy" << "expected random, round-robin or scripted";
        QTest::newRow("zero max_steps")
            << R"({"name": "x", "tasks": [{"name": "t", "program": []}], "run": {"max_steps": 0}})" << "/run/max_steps"
            << "expected an integer from 1 to 10000000000, found 0";
        QTest::newRow("probability above 1")
            << R"({"name": "x", "tasks": [{"name": "t", "program": []}], "run": {"random": {"sleep": 1.5}}})"
            << "/run/random/sleep" << "expected a probability from 0 to 1, found 1.5";
        QTest::newRow("schedule names an unknown task")
            << R"({"name": "x", "tasks": [{"name": "t", "program": []}], "run": {"schedule": ["t", "ghost"]}})"
            << "/run/schedule/1" << "no task named \"ghost\"";
        QTest::newRow("schedule names a CPU past the last")
            << R"({"name": "x", "cpus": 2, "tasks": [{"name": "t", "program": []}], "run": {"schedule": ["t@2"]}})"
            << "/run/schedule/0" << "bad CPU in \"t@2\" (expected task@N with N below 2)";
        QTest::newRow("schedule CPU is not a number")
            << R"({"name": "x", "tasks": [{"name": "t", "program": []}], "run": {"schedule": ["t@x:sleep"]}})"
            << "/run/schedule/0" << "bad CPU in \"t@x:sleep\"";
        QTest::newRow("schedule suffix other than sleep")
            << R"({"name": "x", "tasks": [{"name": "t", "program": []}], "run": {"schedule": ["t:run"]}})"
            << "/run/schedule/0" << "no task named \"t:run\"";
        QTest::newRow("bad after_schedule")
            << R"({"name": "x", "tasks": [{"name": "t", "program": []}], "run": {"schedule": ["t"], "after_schedule": "random"}})"
            << "/run/after_schedule" << "expected \"stop\" or \"round-robin\"";
        QTest::newRow("scripted strategy without schedule")
            << R"({"name": "x", "tasks": [{"name": "t", "program": []}], "run": {"strategy": "scripted"}})" << "/run"
            << "strategy \"scripted\" needs a non-empty \"schedule\"";
    }

    void errorsNameTheirPlace()
    {
        QFETCH(QString, json);
        QFETCH(QString, where);
        QFETCH(QString, phrase);
        ScenarioResult r = parseScenario(json.toStdString(), "case.json");
        QVERIFY(!r.ok());
        QCOMPARE(q(r.error.file), "case.json");
        QCOMPARE(q(r.error.where), where);
        QVERIFY2(q(r.error.message).contains(phrase), r.error.message.c_str());
        QCOMPARE(q(r.error.toString()), "case.json: " + where + ": " + q(r.error.message));
    }

    void unknownBuiltinNameIsAnError()
    {
        ScenarioResult r = loadScenario("nosuch");
        QVERIFY(!r.ok());
        QCOMPARE(q(r.error.file), "nosuch");
        QVERIFY(r.error.where.empty());
        QVERIFY2(q(r.error.message).contains("no built-in scenario of that name"), r.error.message.c_str());
        // The message lists what does exist, so a typo is easy to fix.
        QVERIFY(q(r.error.message).contains("seed"));
        QCOMPARE(q(r.error.toString()), "nosuch: " + q(r.error.message));
    }

    void missingFileIsAnError()
    {
        const std::string path = "/nonexistent-racescope-dir/scenario.json";
        ScenarioResult r = loadScenario(path);
        QVERIFY(!r.ok());
        QCOMPARE(q(r.error.file), q(path));
        QVERIFY(r.error.where.empty());
        QCOMPARE(q(r.error.message), "cannot open the file: No such file or directory");
    }

    void directoryIsAnError()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        ScenarioResult r = loadScenario(path);
        QVERIFY(!r.ok());
        QCOMPARE(q(r.error.file), q(path));
        QCOMPARE(q(r.error.message), "is a directory, not a scenario file");
    }

    void anEmptyFileIsCalledEmpty_data()
    {
        QTest::addColumn<QString>("content");
        QTest::newRow("nothing") << QString();
        QTest::newRow("blank lines") << QStringLiteral("\n  \r\n\t\n");
    }

    void anEmptyFileIsCalledEmpty()
    {
        // It read as "line 1, column 1: invalid JSON: ... unexpected end of input".
        QFETCH(QString, content);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath("empty.json").toStdString();
        std::ofstream(path) << content.toStdString();
        const ScenarioResult r = loadScenario(path);
        QVERIFY(!r.ok());
        QCOMPARE(q(r.error.file), q(path));
        QVERIFY2(q(r.error.message).startsWith("the file is empty"), qPrintable(q(r.error.message)));
    }

    void fileErrorsNameTheFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath("broken.json").toStdString();
        std::ofstream(path) << R"({"name": "x", "tasks": [{"name": "t", "program": [{"op": "rename"}]}]})";
        ScenarioResult r = loadScenario(path);
        QVERIFY(!r.ok());
        QCOMPARE(q(r.error.file), q(path));
        QCOMPARE(q(r.error.where), "/tasks/0/program/0/op");

        const std::string good = dir.filePath("good.json").toStdString();
        std::ofstream(good) << kSmallScenario;
        r = loadScenario(good);
        QVERIFY2(r.ok(), r.error.toString().c_str());
        QCOMPARE(q(r.scenario->origin), q(good));
    }

    void strategyNamesRoundTrip()
    {
        for (StrategyKind k : {StrategyKind::Random, StrategyKind::RoundRobin, StrategyKind::Scripted})
            QCOMPARE(strategyFromName(strategyName(k)), std::optional<StrategyKind>(k));
        QVERIFY(!strategyFromName("Random").has_value());
    }

    void overrideCpusRemapsTasks_data()
    {
        QTest::addColumn<unsigned>("cpus");
        QTest::addColumn<QList<int>>("expected");
        // seed pins its six tasks to CPUs 0, 1, 2, 3, 2, 3.
        QTest::newRow("1") << 1u << QList<int>{0, 0, 0, 0, 0, 0};
        QTest::newRow("2") << 2u << QList<int>{0, 1, 0, 1, 0, 1};
        QTest::newRow("3") << 3u << QList<int>{0, 1, 2, 0, 2, 0};
        QTest::newRow("4 (unchanged)") << 4u << QList<int>{0, 1, 2, 3, 2, 3};
        QTest::newRow("8 (more CPUs)") << 8u << QList<int>{0, 1, 2, 3, 2, 3};
    }

    void overrideCpusRemapsTasks()
    {
        QFETCH(unsigned, cpus);
        QFETCH(QList<int>, expected);
        Scenario s = *loadScenario("seed").scenario;
        ScenarioOverrides o;
        o.cpus = cpus;
        QCOMPARE(q(applyOverrides(s, o)), QString());
        QCOMPARE(s.world.cpus, cpus);
        QList<int> actual;
        for (const TaskSpec& t : s.world.tasks)
            actual << t.cpu;
        QCOMPARE(actual, expected);
    }

    void overrideCpusOutOfRangeIsAnError_data()
    {
        QTest::addColumn<unsigned>("cpus");
        QTest::newRow("0") << 0u;
        QTest::newRow("65") << 65u;
    }

    void overrideCpusOutOfRangeIsAnError()
    {
        QFETCH(unsigned, cpus);
        Scenario s = *loadScenario("calm").scenario;
        ScenarioOverrides o;
        o.cpus = cpus;
        QCOMPARE(q(applyOverrides(s, o)), "--cpus must be between 1 and 64");
    }

    void overrideCpusMayNotStrandTheSchedule()
    {
        Scenario s = parseOrFail(R"({"name": "x", "cpus": 2, "tasks": [{"name": "t", "program": []}],
            "run": {"strategy": "scripted", "schedule": ["t@1"]}})");
        ScenarioOverrides o;
        o.cpus = 1;
        QVERIFY(q(applyOverrides(s, o)).contains("schedule names CPU 1"));
    }

    void overridesAddFaultsAndReplaceSettings()
    {
        Scenario s = *loadScenario("calm").scenario;
        ScenarioOverrides o;
        o.faults = {FaultId::EarlyFree};
        o.allocator = AllocatorKind::SlubPoison;
        o.seed = 7;
        o.maxSteps = 99;
        o.strategy = StrategyKind::RoundRobin;
        QCOMPARE(q(applyOverrides(s, o)), QString());
        QVERIFY(s.world.faults.has(FaultId::EarlyFree));
        QCOMPARE(s.world.allocator, AllocatorKind::SlubPoison);
        QCOMPARE(s.seed, uint64_t(7));
        QCOMPARE(s.maxSteps, uint64_t(99));
        QCOMPARE(s.strategy, StrategyKind::RoundRobin);
        QCOMPARE(s.world.cpus, 2u); // not overridden, so left alone
    }

    void faultsAreAddedToTheScenarios()
    {
        Scenario s = parseOrFail(R"({"name": "x", "faults": ["early-free"], "tasks": [{"name": "t", "program": []}]})");
        ScenarioOverrides o;
        o.faults = {FaultId::EarlyFree};
        QCOMPARE(q(applyOverrides(s, o)), QString());
        QVERIFY(s.world.faults.has(FaultId::EarlyFree));
    }

    void scriptedOverrideNeedsASchedule()
    {
        Scenario s = *loadScenario("calm").scenario;
        ScenarioOverrides o;
        o.strategy = StrategyKind::Scripted;
        QCOMPARE(q(applyOverrides(s, o)), "this scenario has no schedule to script");
        QCOMPARE(s.strategy, StrategyKind::Random);

        // A schedule that the scenario's own strategy ignores is still there to script.
        Scenario withSchedule = parseOrFail(R"({"name": "x", "tasks": [{"name": "t", "program": []}],
            "run": {"strategy": "random", "schedule": ["t"]}})");
        QCOMPARE(q(applyOverrides(withSchedule, o)), QString());
        QCOMPARE(withSchedule.strategy, StrategyKind::Scripted);
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestScenario)
#include "tst_scenario.moc"
