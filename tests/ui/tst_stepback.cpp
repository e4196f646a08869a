// Step back re-simulates the run (SimulationWorker): going back from step N must give
// exactly the frame of a fresh run stepped to N - 1 (state hash, snapshot, the whole
// timeline, the kernel log's events), and going forward again must give back exactly the
// states left, whether the scheduler chose the steps or the user did with Step CPU.

#include "scenario/overrides.h"
#include "scenario/scenario.h"
#include "sim/simulationcontroller.h"
#include "uifixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <tuple>

using namespace racescope;
using namespace racescope::ui;
using racescope::ui::test::earlyFree;
using racescope::ui::test::seedScenario;

namespace {
constexpr int kWaitMs = 20000;

// A controller with spies on everything a step back must rebuild.
struct Run {
    SimulationController controller;
    QSignalSpy frames{&controller, &SimulationController::frameReady};
    QSignalSpy events{&controller, &SimulationController::kernelEvents};

    explicit Run(const ScenarioOverrides& overrides = {})
    {
        controller.load(seedScenario(), overrides);
        next();
    }
    // The next frame, once it has come.
    SimFrame next()
    {
        const qsizetype before = frames.count();
        if (!QTest::qWaitFor([&] { return frames.count() > before; }, kWaitMs))
            return {};
        return frames.last().at(0).value<SimFrame>();
    }
    SimFrame step(quint64 count)
    {
        controller.step(count);
        return next();
    }
    SimFrame back(quint64 count)
    {
        controller.stepBack(count);
        return next();
    }
    // Every lane span the frames since `from` delivered, as a view would have accumulated
    // them: closed ones from every frame, open ones from the last.
    std::vector<LaneSpan> spans(qsizetype from = 0) const
    {
        std::vector<LaneSpan> all;
        for (qsizetype i = from; i < frames.count(); ++i) {
            const SimFrame f = frames.at(i).at(0).value<SimFrame>();
            all.insert(all.end(), f.timeline.closed.begin(), f.timeline.closed.end());
        }
        const SimFrame last = frames.last().at(0).value<SimFrame>();
        all.insert(all.end(), last.timeline.open.begin(), last.timeline.open.end());
        std::sort(all.begin(), all.end(), [](const LaneSpan& a, const LaneSpan& b) {
            return std::tie(a.begin, a.end, a.cpu, a.task, a.kind, a.detail, a.address) <
                   std::tie(b.begin, b.end, b.cpu, b.task, b.kind, b.detail, b.address);
        });
        return all;
    }
    KernelEvents kernelEvents(qsizetype from = 0) const
    {
        KernelEvents all;
        for (qsizetype i = from; i < events.count(); ++i) {
            const KernelEvents e = events.at(i).at(0).value<KernelEvents>();
            all.insert(all.end(), e.begin(), e.end());
        }
        return all;
    }
};

// The parts of two snapshots that a view draws, compared field by field.
bool sameSnapshot(const Snapshot& a, const Snapshot& b)
{
    if (a.step != b.step || a.status != b.status || a.listOrder != b.listOrder || a.freelist != b.freelist ||
        a.groups.size() != b.groups.size() || a.tasks.size() != b.tasks.size() || a.readers.size() != b.readers.size() ||
        a.srcu.sums != b.srcu.sums || a.srcu.completed != b.srcu.completed || a.oopses.size() != b.oopses.size() ||
        a.oopsReports != b.oopsReports)
        return false;
    for (size_t i = 0; i < a.groups.size(); ++i) {
        const GroupObject &x = a.groups[i], &y = b.groups[i];
        if (std::tie(x.address, x.generation, x.life, x.next, x.prev, x.refcnt, x.qLen, x.freedAtStep) !=
            std::tie(y.address, y.generation, y.life, y.next, y.prev, y.refcnt, y.qLen, y.freedAtStep))
            return false;
    }
    for (size_t i = 0; i < a.tasks.size(); ++i) {
        const TaskView &x = a.tasks[i], &y = b.tasks[i];
        if (std::tie(x.state, x.cpu, x.onCpu, x.callSites, x.syscalls) != std::tie(y.state, y.cpu, y.onCpu, y.callSites, y.syscalls))
            return false;
    }
    for (size_t i = 0; i < a.readers.size(); ++i) {
        const ReaderMarker &x = a.readers[i], &y = b.readers[i];
        if (std::tie(x.task, x.cpu, x.srcuIndex, x.standingOn) != std::tie(y.task, y.cpu, y.srcuIndex, y.standingOn))
            return false;
    }
    return true;
}
} // namespace

class TestStepBack : public QObject {
    Q_OBJECT
private slots:
    void backOneIsAFreshRunOneStepShorter_data()
    {
        QTest::addColumn<quint64>("steps");
        QTest::newRow("1") << quint64(1);
        QTest::newRow("2") << quint64(2);
        QTest::newRow("137") << quint64(137);
        QTest::newRow("2500") << quint64(2500);
    }
    void backOneIsAFreshRunOneStepShorter()
    {
        QFETCH(quint64, steps);
        Run a;
        QCOMPARE(a.step(steps).snapshot->step, steps);
        const qsizetype eventsBefore = a.events.count();
        const SimFrame back = a.back(1);
        QVERIFY(back.snapshot);
        QVERIFY(back.reset);
        QVERIFY(back.rewound);
        QCOMPARE(back.snapshot->step, steps - 1);

        Run b;
        const SimFrame fresh = steps > 1 ? b.step(steps - 1) : b.frames.last().at(0).value<SimFrame>();
        QCOMPARE(fresh.snapshot->step, steps - 1);
        QCOMPARE(back.stateHash, fresh.stateHash);
        QVERIFY(sameSnapshot(*back.snapshot, *fresh.snapshot));
        // The rewound frame carries the whole timeline, and the kernel events before it the
        // whole log, of the run up to its step.
        QCOMPARE(a.spans(a.frames.count() - 1), b.spans());
        QCOMPARE(a.kernelEvents(eventsBefore), b.kernelEvents());
    }

    void backThenForwardReturnsToTheSameState()
    {
        Run a;
        const SimFrame at = a.step(400);
        QCOMPARE(a.back(1).snapshot->step, quint64(399));
        SimFrame again = a.step(1);
        QCOMPARE(again.snapshot->step, quint64(400));
        QCOMPARE(again.stateHash, at.stateHash);
        QVERIFY(sameSnapshot(*again.snapshot, *at.snapshot));
        QCOMPARE(a.back(250).snapshot->step, quint64(150));
        again = a.step(250);
        QCOMPARE(again.stateHash, at.stateHash);
        QVERIFY(sameSnapshot(*again.snapshot, *at.snapshot));
    }

    void stepCpuPicksAreRedoneAndANewPickStartsANewFuture()
    {
        Run a;
        a.step(20);
        a.controller.stepCpu(2);
        a.next();
        a.controller.stepCpu(0);
        a.next();
        const SimFrame at = a.step(30); // step 52, two of them picked by hand
        QCOMPARE(at.snapshot->step, quint64(52));
        QCOMPARE(a.back(40).snapshot->step, quint64(12));
        const SimFrame again = a.step(40);
        QCOMPARE(again.snapshot->step, quint64(52));
        QCOMPARE(again.stateHash, at.stateHash);
        QVERIFY(sameSnapshot(*again.snapshot, *at.snapshot));

        // Back over the picks, then another pick: a new future, which a fresh run with the
        // same commands reaches too.
        QCOMPARE(a.back(32).snapshot->step, quint64(20));
        a.controller.stepCpu(3);
        a.next();
        const SimFrame branched = a.step(10);
        Run b;
        b.step(20);
        b.controller.stepCpu(3);
        b.next();
        const SimFrame fresh = b.step(10);
        QCOMPARE(branched.snapshot->step, quint64(31));
        QCOMPARE(branched.stateHash, fresh.stateHash);
        QVERIFY(sameSnapshot(*branched.snapshot, *fresh.snapshot));
    }

    void playAfterStepBackContinuesAsTheSchedulerWould()
    {
        // Past the undone steps the scheduler chooses again: it must be where it was.
        Run a;
        a.controller.runUntil(1500);
        QVERIFY(QTest::qWaitFor([&] { return a.controller.lastFrame().snapshot->step == 1500; }, kWaitMs));
        const uint64_t expected = a.controller.lastFrame().stateHash;

        Run b;
        b.step(900);
        QCOMPARE(b.back(600).snapshot->step, quint64(300));
        b.controller.runUntil(1500);
        QVERIFY(QTest::qWaitFor([&] { return b.controller.lastFrame().snapshot->step == 1500; }, kWaitMs));
        QTest::qWait(50);
        QCOMPARE(b.controller.lastFrame().snapshot->step, quint64(1500));
        QCOMPARE(b.controller.lastFrame().stateHash, expected);
    }

    void backFromTheOopsAndForwardIntoItAgain()
    {
        Run a(earlyFree());
        QSignalSpy oopsed(&a.controller, &SimulationController::oopsed);
        a.controller.runToOops();
        QVERIFY(oopsed.wait(kWaitMs));
        QTest::qWait(50);
        const SimFrame crash = a.controller.lastFrame();
        QCOMPARE(crash.snapshot->status, RunStatus::Oopsed);
        const SimFrame before = a.back(1);
        QCOMPARE(before.snapshot->step, crash.snapshot->step - 1);
        QCOMPARE(before.snapshot->status, RunStatus::Running);
        QVERIFY(before.snapshot->oopses.empty());
        const SimFrame again = a.step(1);
        QCOMPARE(again.snapshot->status, RunStatus::Oopsed);
        QCOMPARE(again.snapshot->oopsReports, crash.snapshot->oopsReports);
        QCOMPARE(again.stateHash, crash.stateHash);
        QTRY_COMPARE_WITH_TIMEOUT(oopsed.count(), 2, kWaitMs);
    }

    void atStepZeroNothingHappens()
    {
        Run a;
        const qsizetype frames = a.frames.count();
        a.controller.stepBack(1);
        QTest::qWait(300);
        QCOMPARE(a.frames.count(), frames);
        QCOMPARE(a.controller.lastFrame().snapshot->step, quint64(0));
        // And a step after it is a plain first step.
        QCOMPARE(a.step(1).snapshot->step, quint64(1));
    }

    void pressesInARowAndMixedCommandsKeepTheirOrder()
    {
        Run a;
        a.step(500);
        const qsizetype from = a.frames.count();
        // As fast as a held key: back, back, forward, back, back lands at 497.
        a.controller.stepBack(1);
        a.controller.stepBack(1);
        a.controller.step(1);
        a.controller.stepBack(1);
        a.controller.stepBack(1);
        QVERIFY(QTest::qWaitFor(
            [&] {
                const SimFrame& f = a.controller.lastFrame();
                return a.frames.count() > from + 2 && f.snapshot->step == 497;
            },
            kWaitMs));
        QTest::qWait(300); // anything still queued would show up here
        QCOMPARE(a.controller.lastFrame().snapshot->step, quint64(497));
        Run b;
        QCOMPARE(b.step(497).stateHash, a.controller.lastFrame().stateHash);
    }

    // A million steps take a moment to replay: on the simulation thread, with the GUI's
    // event loop running meanwhile and, when it takes long enough to matter, progress shown.
    void aLongReplayKeepsTheGuiLive()
    {
        constexpr quint64 kSteps = 1000000;
        ScenarioOverrides o;
        o.maxSteps = kSteps + 10;
        Run a(o);
        a.controller.runUntil(kSteps);
        QVERIFY(QTest::qWaitFor([&] { return a.controller.lastFrame().snapshot->step == kSteps; }, 120000));
        QTest::qWait(50);
        QSignalSpy messages(&a.controller, &SimulationController::message);
        QElapsedTimer clock;
        QTimer ticker;
        qint64 last = 0, longestGap = 0;
        connect(&ticker, &QTimer::timeout, this, [&] {
            longestGap = std::max(longestGap, clock.elapsed() - last);
            last = clock.elapsed();
        });
        ticker.start(5);
        clock.start();
        a.controller.stepBack(1);
        const qsizetype before = a.frames.count();
        QVERIFY(QTest::qWaitFor([&] { return a.frames.count() > before; }, 120000));
        const qint64 took = clock.elapsed();
        ticker.stop();
        QCOMPARE(a.controller.lastFrame().snapshot->step, kSteps - 1);
        QVERIFY2(longestGap < 250, qPrintable(QStringLiteral("the GUI stalled %1 ms of %2").arg(longestGap).arg(took)));
        // Progress is reported a quarter of a second into the replay itself. The wait above
        // also covers building and delivering the frame, which on a busy machine alone can
        // pass half a second (CI saw 476 ms without a message), so only a long wait proves
        // that the replay was long enough to report.
        if (took > 5000) {
            bool progress = false;
            for (const QList<QVariant>& m : messages)
                progress = progress || m.at(0).toString().contains(QStringLiteral("re-simulating"));
            QVERIFY2(progress, qPrintable(QStringLiteral("no progress shown in %1 ms").arg(took)));
        }
    }

    void backPastTheStartStopsAtStepZero()
    {
        Run a;
        a.step(10);
        const SimFrame f = a.back(50);
        QCOMPARE(f.snapshot->step, quint64(0));
        Run b;
        QCOMPARE(f.stateHash, b.frames.last().at(0).value<SimFrame>().stateHash);
        QCOMPARE(a.step(10).snapshot->step, quint64(10));
    }
};

QTEST_GUILESS_MAIN(TestStepBack)
#include "tst_stepback.moc"
