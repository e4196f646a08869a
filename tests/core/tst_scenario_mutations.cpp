// Scenario files come from users: a file edited by hand must get an error that names its
// place, or load into a world that builds and runs. Never an exception out of the machine,
// never a crash. Each built-in scenario is mutated many times, deterministically, the way a
// careless edit would: a value replaced by one of the wrong type or out of range, a key or
// an element deleted, an element duplicated, a number nudged.

#include "sched/rng.h"
#include "sched/runner.h"
#include "scenario/scenario.h"

#include <nlohmann/json.hpp>

#include <QTest>

#include <algorithm>
#include <string>
#include <vector>

namespace racescope {

namespace {

using nlohmann::json;

constexpr int kMutantsPerScenario = 400;
constexpr uint64_t kStepsPerMutant = 1500;

// Values a careless edit leaves behind: wrong types, bounds and just past them.
std::vector<json> oddValues()
{
    return {0,          -1,          1,        2,        63,      64,         65,         254,
            255,        256,         65535,    65536,    -65536,  2147483647, 4294967296, 9223372036854775807,
            1.5,        -0.0,        1e300,    "",       "x",     "FS_DELETE", "unlink",   nullptr,
            true,       false,       json::array(), json::object(), json::array({1}), json::object({{"a", 1}})};
}

// Every place in the document, as JSON pointers: the root first.
void collectPointers(const json& node, const json::json_pointer& at, std::vector<json::json_pointer>& out)
{
    out.push_back(at);
    if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it)
            collectPointers(it.value(), at / it.key(), out);
    } else if (node.is_array()) {
        for (size_t i = 0; i < node.size(); ++i)
            collectPointers(node[i], at / i, out);
    }
}

void mutateOnce(json& doc, Rng& rng, const std::vector<json>& odd)
{
    std::vector<json::json_pointer> places;
    collectPointers(doc, json::json_pointer(), places);
    if (places.size() < 2)
        return;
    std::vector<json::json_pointer> numbers;
    for (const json::json_pointer& p : places)
        if (doc[p].is_number_integer())
            numbers.push_back(p);
    // Counts and indices, nudged: most limits of the model are a count being off by one.
    if (!numbers.empty() && rng.below(5) < 2) {
        json& n = doc[numbers[rng.below(static_cast<uint32_t>(numbers.size()))]];
        // An earlier edit may have left an extreme value: nudge only what cannot overflow.
        const int64_t v = std::clamp<int64_t>(n.get<int64_t>(), -(int64_t(1) << 40), int64_t(1) << 40);
        const int64_t nudged[] = {0, 1, v - 1, v + 1, v / 2, v * 2, -v};
        n = nudged[rng.below(7)];
        return;
    }
    const json::json_pointer at = places[1 + rng.below(static_cast<uint32_t>(places.size() - 1))];
    json& parent = doc[at.parent_pointer()];
    const std::string key = at.back();
    switch (rng.below(4)) {
    case 0:
    case 1: doc[at] = odd[rng.below(static_cast<uint32_t>(odd.size()))]; break;
    case 2:
        if (parent.is_object())
            parent.erase(key);
        else
            parent.erase(parent.begin() + static_cast<std::ptrdiff_t>(std::stoul(key)));
        break;
    default:
        if (parent.is_array())
            parent.push_back(json(doc[at]));
        else
            doc[at] = doc[places[rng.below(static_cast<uint32_t>(places.size()))]];
        break;
    }
}

} // namespace

class TestScenarioMutations : public QObject {
    Q_OBJECT
private slots:
    void mutatedScenariosLoadOrFailWithAPlace_data()
    {
        QTest::addColumn<QByteArray>("text");
        for (const BuiltinScenario& b : builtinScenarios())
            QTest::newRow(std::string(b.name).c_str()) << QByteArray(b.json.data(), qsizetype(b.json.size()));
    }

    void mutatedScenariosLoadOrFailWithAPlace()
    {
        QFETCH(QByteArray, text);
        const json original = json::parse(text.toStdString());
        const std::vector<json> odd = oddValues();
        Rng rng(static_cast<uint64_t>(qHash(text)));
        int loaded = 0;
        int rejected = 0;
        for (int i = 0; i < kMutantsPerScenario; ++i) {
            json doc = original;
            const uint32_t edits = 1 + rng.below(3);
            for (uint32_t e = 0; e < edits; ++e)
                mutateOnce(doc, rng, odd);
            const std::string mutant = doc.dump();
            const std::string label = "mutant " + std::to_string(i) + ": " + mutant;
            const ScenarioResult r = parseScenario(mutant, "mutant");
            if (!r.ok()) {
                ++rejected;
                QVERIFY2(!r.error.message.empty(), label.c_str());
                QVERIFY2(!r.error.where.empty(), label.c_str());
                continue;
            }
            ++loaded;
            try {
                Machine machine(r.scenario->world);
                machine.setTracing(i % 2 == 0);
                std::unique_ptr<Scheduler> scheduler = makeScheduler(*r.scenario);
                const RunOutcome outcome = runMachine(machine, *scheduler, kStepsPerMutant);
                QVERIFY2(outcome.steps <= kStepsPerMutant, label.c_str());
            } catch (const std::exception& e) {
                QFAIL((label + "\nthrew: " + e.what()).c_str());
            }
        }
        // Both outcomes are exercised, or the mutations test nothing of one side.
        QVERIFY2(loaded > 0, "no mutant loaded");
        QVERIFY2(rejected > 0, "no mutant was rejected");
    }
};

} // namespace racescope

QTEST_GUILESS_MAIN(racescope::TestScenarioMutations)
#include "tst_scenario_mutations.moc"
