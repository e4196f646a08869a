// The chain of causes read back out of the trace, for the faults whose mechanisms differ.

#include "explain/explain.h"
#include "scenario/overrides.h"
#include "sched/runner.h"

#include <QTest>

namespace racescope {

namespace {
std::unique_ptr<Machine> crashRun(const std::string& scenario, FaultId fault)
{
    for (uint64_t seed = 1; seed <= 40; ++seed) {
        Scenario s = *loadScenario(scenario).scenario;
        ScenarioOverrides o;
        o.faults = {fault};
        o.seed = seed;
        o.maxSteps = 60000;
        applyOverrides(s, o);
        auto m = std::make_unique<Machine>(s.world);
        m->setTracing(true);
        std::unique_ptr<Scheduler> scheduler = makeScheduler(s);
        runMachine(*m, *scheduler, s.maxSteps);
        if (!m->oopses().empty() && m->oopses().front().kind == AccessFaultKind::NullPointer)
            return m;
    }
    return nullptr;
}

const CauseLink* find(const Explanation& e, CauseKind kind)
{
    for (const CauseLink& l : e.links) {
        if (l.kind == kind)
            return &l;
    }
    return nullptr;
}
} // namespace

class TestExplain : public QObject {
    Q_OBJECT
private slots:
    void earlyFreeChain()
    {
        std::unique_ptr<Machine> m = crashRun("seed", FaultId::EarlyFree);
        QVERIFY(m);
        const Oops& o = m->oopses().front();
        const Explanation e = explainOops(*m, o);
        QVERIFY2(e.missing.empty(), e.missing.c_str());
        QCOMPARE(e.links.front().kind, CauseKind::FaultingAccess);
        QCOMPARE(e.links.front().step, o.step);
        const CauseLink* load = find(e, CauseKind::PointerLoad);
        const CauseLink* free = find(e, CauseKind::Free);
        const CauseLink* gp = find(e, CauseKind::GracePeriod);
        const CauseLink* section = find(e, CauseKind::ReadSection);
        const CauseLink* evict = find(e, CauseKind::Eviction);
        QVERIFY(load && free && gp && section && evict);
        QCOMPARE(load->task, int(o.task));
        QVERIFY(gp->text.find("no grace period") != std::string::npos);
        // The order of events the chain tells: section, eviction, free, then the fatal load.
        QVERIFY(section->step < evict->step);
        QVERIFY(evict->step < free->step);
        QVERIFY(free->step < load->step);
        QCOMPARE(siteFunction(evict->site), FunctionId::list_del_rcu);
        QCOMPARE(siteFunction(free->site), FunctionId::fsnotify_destroy_group);
        QVERIFY(e.links.back().text.starts_with("fault early-free"));
        QVERIFY(formatExplanation(*m, e).find("fsnotify line 26") != std::string::npos);
    }

    void wrongFlavorChainNamesTheSleep()
    {
        std::unique_ptr<Machine> m = crashRun("seed", FaultId::WrongFlavor);
        QVERIFY(m);
        const Explanation e = explainOops(*m, m->oopses().front());
        const CauseLink* gp = find(e, CauseKind::GracePeriod);
        QVERIFY(gp);
        QVERIFY2(gp->text.find("synchronize_sched()") != std::string::npos, gp->text.c_str());
        const CauseLink* slept = find(e, CauseKind::ReaderSlept);
        QVERIFY(slept);
        QCOMPARE(slept->task, int(m->oopses().front().task));
        QVERIFY(slept->step < find(e, CauseKind::Free)->step);
        QVERIFY(e.links.back().text.starts_with("fault wrong-flavor"));
    }

    void untracedRunSaysSo()
    {
        Scenario s = *loadScenario("seed").scenario;
        s.world.faults.set(FaultId::EarlyFree);
        Machine m(s.world);
        std::unique_ptr<Scheduler> scheduler = makeScheduler(s);
        runMachine(m, *scheduler, s.maxSteps);
        QVERIFY(!m.oopses().empty());
        const Explanation e = explainOops(m, m.oopses().front());
        QVERIFY(e.links.empty());
        QVERIFY(!e.missing.empty());
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestExplain)
#include "tst_explain.moc"
