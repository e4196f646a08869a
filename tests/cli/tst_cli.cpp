// racescope-cli as a user meets it: exit codes, messages on stderr, and the JSON a script
// would read. Each test starts the real binary.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QRegularExpression>
#include <QTest>

namespace racescope {

namespace {

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QString dataFile(const char* name) { return QStringLiteral(RACESCOPE_TEST_DATA "/") + QLatin1String(name); }

} // namespace

class TestCli : public QObject {
    Q_OBJECT

    CliResult run(const QStringList& args)
    {
        QProcess process;
        process.start(QStringLiteral(RACESCOPE_CLI), args);
        // Generous: a Debug build under a loaded machine still has to finish a 200000-step run.
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            qWarning("racescope-cli %s did not finish", qPrintable(args.join(' ')));
            return {};
        }
        CliResult r;
        if (process.exitStatus() == QProcess::NormalExit)
            r.exitCode = process.exitCode();
        r.out = process.readAllStandardOutput();
        r.err = process.readAllStandardError();
        return r;
    }

    // Parses a `--json` answer; the object is empty (and the test fails) if it is not one.
    QJsonObject runJson(const QStringList& args, int expectedExit)
    {
        const CliResult r = run(args);
        if (r.exitCode != expectedExit) {
            qWarning("exit %d, expected %d; stderr: %s", r.exitCode, expectedExit, r.err.constData());
            return {};
        }
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        if (!doc.isObject()) {
            qWarning("not a JSON object (%s): %s", qPrintable(error.errorString()), r.out.left(200).constData());
            return {};
        }
        return doc.object();
    }

private slots:
    void explainAddsTheChainToTheJson()
    {
        const QJsonObject j = runJson({"run", "--scenario", "seed", "--fault", "early-free", "--explain", "--json"}, 3);
        const QJsonArray links = j["explanation"].toObject()["links"].toArray();
        QVERIFY(links.size() >= 5);
        QCOMPARE(links.first().toObject()["kind"].toString(), QStringLiteral("faulting-access"));
        QCOMPARE(links.last().toObject()["kind"].toString(), QStringLiteral("fault-switch"));
        QVERIFY(links.last().toObject()["text"].toString().startsWith("fault early-free"));
    }

    void explainNeedsTheTrace()
    {
        const CliResult r = run({"run", "--scenario", "seed", "--explain", "--no-trace"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--no-trace"));
    }

    // The summary counts in words that agree with their numbers, whatever the numbers are.
    void exploreSummaryAgreesInNumber()
    {
        const CliResult r = run({"explore", "--scenario", "seed", "--fault", "early-free", "--budget-schedules", "50"});
        QCOMPARE(r.exitCode, 3);
        const QString text = QString::fromUtf8(r.out);
        static const QRegularExpression summary("^explored (\\d+) (schedules?) \\(\\d+/s, (\\d+) (steps?)\\) in ",
                                                QRegularExpression::MultilineOption);
        const QRegularExpressionMatch explored = summary.match(text);
        QVERIFY2(explored.hasMatch(), r.out.constData());
        QCOMPARE(explored.captured(2), explored.captured(1) == "1" ? QString("schedule") : QString("schedules"));
        QCOMPARE(explored.captured(4), explored.captured(3) == "1" ? QString("step") : QString("steps"));
        const QRegularExpressionMatch shrunk =
            QRegularExpression("with (\\d+) (context switch(es)?)$", QRegularExpression::MultilineOption).match(text);
        QVERIFY2(shrunk.hasMatch(), r.out.constData());
        QCOMPARE(shrunk.captured(2), shrunk.captured(1) == "1" ? QString("context switch") : QString("context switches"));
    }

    void exploreFindsShrinksAndWritesAReplayableScenario()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString out = dir.filePath("repro.json");
        const QJsonObject j = runJson({"explore", "--scenario", "seed", "--fault", "early-free", "--budget-schedules",
                                       "50", "--out", out, "--json"},
                                      3);
        QVERIFY(j["crashed"].toBool());
        QCOMPARE(j["oops"].toObject()["rip"].toString(), QStringLiteral("fsnotify+0x93/0x150"));
        const int length = j["minimal_schedule_length"].toInt();
        QVERIFY(length > 0 && length <= j["crash_schedule_length"].toInt());
        QCOMPARE(j["out"].toString(), out);
        // The written scenario replays the shrunk schedule to the same oops, at its last step.
        const QJsonObject replay = runJson({"run", "--scenario", out, "--json"}, 3);
        QCOMPARE(replay["steps"].toInt(), length);
        QCOMPARE(replay["oops"].toObject()["rip"].toString(), QStringLiteral("fsnotify+0x93/0x150"));
        QVERIFY(replay["scheduler_error"].isUndefined());
    }

    void exhaustiveProvesASmallScenarioSafe()
    {
        const CliResult r = run({"explore", "--scenario", "small-seed", "--mode", "exhaustive", "--max-steps", "5000"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("no oops reachable in"), r.out.constData());
        const QJsonObject j =
            runJson({"explore", "--scenario", "small-seed", "--mode", "exhaustive", "--max-steps", "10", "--json"}, 0);
        QVERIFY(!j["complete"].toBool()); // cut by the bound: not a proof, and it says so
        QVERIFY(j["depth_bound_hit"].toBool());
    }

    // It used to say "schedule 0": the exhaustive search numbers no schedules.
    void exhaustiveCrashSaysHowFarTheSearchWent()
    {
        const CliResult r = run({"explore", "--scenario", "small-seed", "--fault", "early-free", "--mode", "exhaustive"});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(QRegularExpression("oops after [0-9.]+ s, [0-9]+ states into the search: null-dereference")
                     .match(QString::fromUtf8(r.out))
                     .hasMatch(),
                 r.out.constData());
    }

    void exhaustiveNamesTheReadersItCheckedOneAtATime()
    {
        const CliResult r = run({"explore", "--scenario", "small-readers", "--mode", "exhaustive"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("readers checked one at a time against the other tasks: rm-0, rm-1"),
                 r.out.constData());
        const QJsonObject split = runJson({"explore", "--scenario", "small-readers", "--mode", "exhaustive", "--json"}, 0);
        QCOMPARE(split["readers_one_at_a_time"].toArray(), (QJsonArray{"rm-0", "rm-1"}));
        QVERIFY(split["complete"].toBool());
        const QJsonObject whole = runJson(
            {"explore", "--scenario", "small-readers", "--mode", "exhaustive", "--no-reader-split", "--json"}, 0);
        QVERIFY(whole["readers_one_at_a_time"].toArray().isEmpty());
        QVERIFY(whole["complete"].toBool());
        QVERIFY(whole["states"].toInteger() > split["states"].toInteger());
        // A fault that breaks the argument: searched whole, and the report says why.
        const QJsonObject refused = runJson({"explore", "--scenario", "small-readers", "--mode", "exhaustive",
                                             "--fault", "srcu-unlock-wrong-idx", "--json"},
                                            0);
        QVERIFY(refused["readers_one_at_a_time"].toArray().isEmpty());
        QVERIFY(refused["reader_split_note"].toString().contains("one reader"));
    }

    void exploreRejectsBadOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("mode") << QStringList{"explore", "--scenario", "seed", "--mode", "dfs"};
        QTest::newRow("budget") << QStringList{"explore", "--scenario", "seed", "--budget-schedules", "0"};
        QTest::newRow("seconds") << QStringList{"explore", "--scenario", "seed", "--budget-seconds", "-1"};
        QTest::newRow("depth") << QStringList{"explore", "--scenario", "seed", "--depth", "99"};
        QTest::newRow("no scenario") << QStringList{"explore"};
    }

    void exploreRejectsBadOptions()
    {
        QFETCH(QStringList, args);
        const CliResult r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(!r.err.isEmpty());
    }
    void helpExitsZero()
    {
        const CliResult r = run({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("usage: racescope-cli COMMAND"));
        QVERIFY(r.err.isEmpty());
    }

    void subcommandHelpExitsZero()
    {
        const CliResult r = run({"run", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--scenario"));
        QVERIFY2(r.out.startsWith("Usage: racescope-cli run [options]\n"), r.out.constData());
    }

    void noCommandExitsTwo()
    {
        const CliResult r = run({});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY(r.err.contains("usage: racescope-cli COMMAND"));
    }

    void unknownCommandExitsTwo()
    {
        const CliResult r = run({"frobnicate"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unknown command 'frobnicate'"), r.err.constData());
    }

    void strayArgumentExitsTwo()
    {
        const CliResult r = run({"scenarios", "extra"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unexpected argument 'extra'"), r.err.constData());
    }

    void scenariosListsTheBuiltins()
    {
        const CliResult r = run({"scenarios"});
        QCOMPARE(r.exitCode, 0);
        const QString text = QString::fromUtf8(r.out);
        QVERIFY2(text.contains(QRegularExpression("^seed\\s+\\S", QRegularExpression::MultilineOption)), r.out.constData());
        QVERIFY2(text.contains(QRegularExpression("^calm\\s+\\S", QRegularExpression::MultilineOption)), r.out.constData());
    }

    void scenariosListLinesUpTheTitles()
    {
        const CliResult r = run({"scenarios"});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = QString::fromUtf8(r.out).split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 2);
        // The title starts after the name and at least two spaces, in the same column on every line.
        static const QRegularExpression row("^(\\S+  +)\\S");
        qsizetype column = -1;
        for (const QString& line : lines) {
            const QRegularExpressionMatch m = row.match(line);
            QVERIFY2(m.hasMatch(), qPrintable(line));
            if (column < 0)
                column = m.capturedLength(1);
            QVERIFY2(m.capturedLength(1) == column, qPrintable(line));
        }
    }

    void scenariosJsonIsAnArrayOfNamedScenarios()
    {
        const CliResult r = run({"scenarios", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        QVERIFY(doc.isArray());
        QStringList names;
        for (const QJsonValue& v : doc.array()) {
            QVERIFY(v.isObject());
            QVERIFY(!v["title"].toString().isEmpty());
            names << v["name"].toString();
        }
        QVERIFY2(names.contains("seed"), qPrintable(names.join(", ")));
        QVERIFY2(names.contains("calm"), qPrintable(names.join(", ")));
    }

    void faultsJsonIncludesEarlyFree()
    {
        const CliResult r = run({"faults", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonDocument doc = QJsonDocument::fromJson(r.out);
        QVERIFY(doc.isArray());
        bool found = false;
        for (const QJsonValue& v : doc.array()) {
            if (v["id"].toString() == "early-free") {
                found = true;
                QCOMPARE(v["scenario"].toString(), "seed");
            }
        }
        QVERIFY2(found, r.out.constData());
    }

    void runWithoutScenarioExitsTwo()
    {
        const CliResult r = run({"run"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("run needs --scenario"), r.err.constData());
    }

    void runUnknownScenarioExitsTwo()
    {
        const CliResult r = run({"run", "--scenario", "nosuch"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("nosuch: no built-in scenario of that name"), r.err.constData());
    }

    void runMissingFileExitsTwo()
    {
        const QString path = dataFile("does-not-exist.json");
        const CliResult r = run({"run", "--scenario", path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains((path + ": cannot open the file").toUtf8()), r.err.constData());
    }

    void schemaErrorNamesFileAndPointer()
    {
        const QString path = dataFile("schema-error.json");
        const CliResult r = run({"run", "--scenario", path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        const QByteArray expected =
            "racescope-cli: " + path.toUtf8() + ": /tasks/1/program/0/fd: \"fd\" does not apply to op \"unlink\"\n";
        QCOMPARE(r.err, expected);
    }

    void invalidJsonNamesLineAndColumn()
    {
        const QString path = dataFile("invalid-json.json");
        const CliResult r = run({"run", "--scenario", path});
        QCOMPARE(r.exitCode, 2);
        // The trailing comma: the ']' that follows it, on line 5, is what the parser rejects.
        QVERIFY2(r.err.contains((path + ": line 5, column 3: invalid JSON: syntax error").toUtf8()),
                 r.err.constData());
        QVERIFY2(r.err.contains("unexpected ']'"), r.err.constData());
    }

    void badOptionsExitTwo_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("--cpus 0") << QStringList{"--cpus", "0"} << "--cpus expects a number from 1 to 64, not '0'";
        QTest::newRow("--cpus 65") << QStringList{"--cpus", "65"} << "--cpus expects a number from 1 to 64, not '65'";
        QTest::newRow("--cpus abc") << QStringList{"--cpus", "abc"} << "--cpus expects a number from 1 to 64, not 'abc'";
        QTest::newRow("--fault nosuch") << QStringList{"--fault", "nosuch"} << "unknown fault 'nosuch'";
        QTest::newRow("--allocator nosuch") << QStringList{"--allocator", "nosuch"}
                                            << "unknown allocator 'nosuch' (expected slub, slub-poison or slab)";
        QTest::newRow("--seed -1") << QStringList{"--seed", "-1"} << "--seed expects a non-negative integer, not '-1'";
        QTest::newRow("--steps 0") << QStringList{"--steps", "0"} << "--steps expects a positive integer, not '0'";
        QTest::newRow("--strategy nosuch") << QStringList{"--strategy", "nosuch"} << "unknown strategy 'nosuch'";
        QTest::newRow("--strategy scripted without a schedule")
            << QStringList{"--strategy", "scripted"} << "this scenario has no schedule to script";
        QTest::newRow("--cpus without a value") << QStringList{"--cpus"} << "Missing value after '--cpus'";
        QTest::newRow("unknown option") << QStringList{"--cpu", "2"} << "Unknown option 'cpu'";
    }

    void badOptionsExitTwo()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, message);
        const CliResult r = run(QStringList{"run", "--scenario", "calm"} + options);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.startsWith("racescope-cli: "), r.err.constData());
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    }

    void calmRunsWithoutOops()
    {
        const QJsonObject j = runJson({"run", "--scenario", "calm", "--steps", "2000", "--json"}, 0);
        QVERIFY(!j.isEmpty());
        QCOMPARE(j["scenario"].toString(), "calm");
        QCOMPARE(j["steps"].toInt(), 2000);
        QVERIFY(j.contains("oops"));
        QVERIFY(j["oops"].isNull());
        const QString sha = j["trace_sha256"].toString();
        QVERIFY2(QRegularExpression("^[0-9a-f]{64}$").match(sha).hasMatch(), qPrintable(sha));
    }

    void runsAreReproducible()
    {
        const QStringList args = {"run", "--scenario", "calm", "--steps", "2000", "--json"};
        const QString first = runJson(args, 0)["trace_sha256"].toString();
        const QString second = runJson(args, 0)["trace_sha256"].toString();
        const QString otherSeed = runJson(args + QStringList{"--seed", "2"}, 0)["trace_sha256"].toString();
        QVERIFY(!first.isEmpty());
        QCOMPARE(second, first);
        QVERIFY(!otherSeed.isEmpty());
        QVERIFY(otherSeed != first);
    }

    void earlyFreeReproducesTheSeedOops()
    {
        // The scenario's own seed (1) and step budget: the reproduction a reader of the
        // 2009 report would run first.
        const QJsonObject j = runJson({"run", "--scenario", "seed", "--fault", "early-free", "--json"}, 3);
        QVERIFY(!j.isEmpty());
        QCOMPARE(j["status"].toString(), "oops");
        QCOMPARE(j["faults"].toArray(), QJsonArray{"early-free"});
        const QJsonObject oops = j["oops"].toObject();
        QCOMPARE(oops["rip"].toString(), "fsnotify+0x93/0x150");
        QCOMPARE(oops["kind"].toString(), "null-dereference");
        const QJsonObject regs = oops["registers"].toObject();
        QCOMPARE(regs["rax"].toString(), "0x0");
        QCOMPARE(regs["rbx"].toString(), "0x0");
        QCOMPARE(regs["r12"].toString(), "0x200");
        QCOMPARE(regs["r13"].toString(), "0x8000200");
        QVERIFY(oops["freed_group"].isObject());
        QVERIFY(!oops["freed_group"]["freed_by"].toString().isEmpty());
    }

    void noTraceLeavesTheHashOut()
    {
        const QJsonObject j =
            runJson({"run", "--scenario", "calm", "--steps", "2000", "--no-trace", "--json"}, 0);
        QVERIFY(!j.isEmpty());
        QVERIFY(j.contains("trace_sha256"));
        QVERIFY(j["trace_sha256"].isNull());
    }

    void documentedExampleRuns()
    {
        // The complete example in docs/scenario-format.md; keep the two identical.
        const QJsonObject j = runJson({"run", "--scenario", dataFile("example.json"), "--json"}, 0);
        QVERIFY(!j.isEmpty());
        QCOMPARE(j["scenario"].toString(), "example");
        QCOMPARE(j["strategy"].toString(), "scripted");
        QVERIFY(!j.contains("scheduler_error"));
        QVERIFY(j["oops"].isNull());
    }

    void textOutputReportsTheOops()
    {
        const CliResult r = run({"run", "--scenario", "seed", "--fault", "early-free"});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.out.contains("fsnotify+0x93/0x150"), r.out.left(400).constData());
    }
};

} // namespace racescope

QTEST_GUILESS_MAIN(racescope::TestCli)
#include "tst_cli.moc"
