// SimulationController drives a Machine on its own thread: load, step, step one CPU,
// play/pause, run to the oops, reset. Frames and signals are observed with QSignalSpy.

#include "scenario/overrides.h"
#include "scenario/scenario.h"
#include "sim/simulationcontroller.h"
#include "uifixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace racescope;
using namespace racescope::ui;
using racescope::ui::test::earlyFree;
using racescope::ui::test::seedScenario;

namespace {
constexpr int kWaitMs = 10000;

// Waits for the next frame and returns it.
SimFrame nextFrame(QSignalSpy& spy)
{
    const qsizetype before = spy.count();
    if (!QTest::qWaitFor([&] { return spy.count() > before; }, kWaitMs))
        return {};
    return spy.last().at(0).value<SimFrame>();
}
} // namespace

class TestSimulationController : public QObject {
    Q_OBJECT
private slots:
    void loadPublishesAResetFrameAtStepZero()
    {
        SimulationController c;
        QSignalSpy frames(&c, &SimulationController::frameReady);
        c.load(seedScenario(), {});
        const SimFrame f = nextFrame(frames);
        QVERIFY(f.snapshot);
        QVERIFY(f.reset);
        QCOMPARE(f.snapshot->step, uint64_t(0));
        QCOMPARE(f.snapshot->tasks.size(), seedScenario().world.tasks.size());
    }

    void stepAdvancesByExactlyOne()
    {
        SimulationController c;
        QSignalSpy frames(&c, &SimulationController::frameReady);
        c.load(seedScenario(), {});
        QVERIFY(nextFrame(frames).snapshot);
        for (uint64_t expected = 1; expected <= 5; ++expected) {
            c.step();
            const SimFrame f = nextFrame(frames);
            QVERIFY(f.snapshot);
            QVERIFY(!f.reset);
            QCOMPARE(f.snapshot->step, expected);
        }
        c.step(10);
        QCOMPARE(nextFrame(frames).snapshot->step, uint64_t(15));
    }

    void stepCpuRunsOnThatCpu()
    {
        SimulationController c;
        QSignalSpy frames(&c, &SimulationController::frameReady);
        c.load(seedScenario(), {});
        QVERIFY(nextFrame(frames).snapshot);
        c.stepCpu(2);
        const SimFrame f = nextFrame(frames);
        QCOMPARE(f.snapshot->step, uint64_t(1));
        QVERIFY(f.snapshot->cpus[2].current >= 0);
        QCOMPARE(f.snapshot->tasks[size_t(f.snapshot->cpus[2].current)].cpu, uint8_t(2));
        QSignalSpy messages(&c, &SimulationController::message);
        c.stepCpu(63); // the seed has 4 CPUs
        QVERIFY(messages.wait(kWaitMs));
        QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("no CPU 63")));
    }

    void playThenPause()
    {
        SimulationController c;
        QSignalSpy frames(&c, &SimulationController::frameReady);
        QSignalSpy running(&c, &SimulationController::runningChanged);
        c.load(seedScenario(), {}); // no fault: runs on without an oops
        QVERIFY(nextFrame(frames).snapshot);
        c.setSpeed(5000); // slow enough that the step budget is far away when we pause
        c.play();
        QVERIFY(running.wait(kWaitMs));
        QCOMPARE(running.last().at(0).toBool(), true);
        QVERIFY(c.isRunning());
        QVERIFY(QTest::qWaitFor([&] { return c.lastFrame().snapshot->step > 1000; }, kWaitMs));
        c.pause();
        QVERIFY(QTest::qWaitFor([&] { return !c.isRunning(); }, kWaitMs));
        QCOMPARE(running.last().at(0).toBool(), false);
        // Paused means paused: the step count holds still.
        QTest::qWait(100);
        const uint64_t held = c.lastFrame().snapshot->step;
        QTest::qWait(200);
        QCOMPARE(c.lastFrame().snapshot->step, held);
    }

    void framesAreAtMostSixtyASecond()
    {
        SimulationController c;
        QSignalSpy frames(&c, &SimulationController::frameReady);
        c.load(seedScenario(), {});
        QVERIFY(nextFrame(frames).snapshot);
        c.setSpeed(0);
        QElapsedTimer played;
        played.start();
        c.play();
        QTest::qWait(1000);
        c.pause();
        QVERIFY(QTest::qWaitFor([&] { return !c.isRunning(); }, kWaitMs));
        // Measured against the time that really passed (a loaded machine oversleeps), plus
        // the forced frame at the pause and some slack. The lower bound only says frames
        // flow at all: under CTest -j the worker may get little CPU.
        const double seconds = played.elapsed() / 1000.0;
        QVERIFY2(frames.count() <= 1 + 60 * seconds + 2,
                 qPrintable(QString("%1 frames in %2 s").arg(frames.count()).arg(seconds)));
        QVERIFY(frames.count() >= 2);
    }

    void setSpeedPacesThePlay()
    {
        SimulationController c;
        QSignalSpy frames(&c, &SimulationController::frameReady);
        c.load(seedScenario(), {});
        QVERIFY(nextFrame(frames).snapshot);
        c.setSpeed(20);
        QElapsedTimer played;
        played.start();
        c.play();
        QTest::qWait(1000);
        c.pause();
        const double seconds = played.elapsed() / 1000.0;
        QVERIFY(QTest::qWaitFor([&] { return !c.isRunning(); }, kWaitMs));
        QTest::qWait(50);
        // About 20 steps for each second that really passed; far from "as fast as possible".
        const uint64_t steps = c.lastFrame().snapshot->step;
        QVERIFY2(steps >= 10 && steps <= 20 * seconds + 10,
                 qPrintable(QString("%1 steps in %2 s").arg(steps).arg(seconds)));
    }

    void runToOopsWithEarlyFree()
    {
        SimulationController c;
        QSignalSpy frames(&c, &SimulationController::frameReady);
        QSignalSpy oopsed(&c, &SimulationController::oopsed);
        c.load(seedScenario(), earlyFree());
        QVERIFY(nextFrame(frames).snapshot);
        c.runToOops();
        QVERIFY(oopsed.wait(kWaitMs));
        QCOMPARE(oopsed.count(), 1);
        const SimFrame& last = c.lastFrame();
        QCOMPARE(last.snapshot->status, RunStatus::Oopsed);
        QCOMPARE(last.snapshot->oopsReports.size(), size_t(1));
        QVERIFY(last.snapshot->oopsReports[0].find("BUG: unable to handle kernel NULL pointer dereference") !=
                std::string::npos);
        QVERIFY(!c.isRunning());
        // After the oops a step does nothing but say why.
        QSignalSpy messages(&c, &SimulationController::message);
        c.step();
        QVERIFY(messages.wait(kWaitMs));
        QCOMPARE(c.lastFrame().snapshot->step, last.snapshot->step);
        QCOMPARE(oopsed.count(), 1);
    }

    void runUntilStopsAtTheStep()
    {
        SimulationController c;
        QSignalSpy frames(&c, &SimulationController::frameReady);
        QSignalSpy running(&c, &SimulationController::runningChanged);
        c.load(seedScenario(), {});
        QVERIFY(nextFrame(frames).snapshot);
        c.runUntil(250);
        QVERIFY(QTest::qWaitFor([&] { return running.count() >= 2; }, kWaitMs));
        QTest::qWait(50);
        QCOMPARE(c.lastFrame().snapshot->step, uint64_t(250));
    }

    void resetGoesBackToStepZero()
    {
        SimulationController c;
        QSignalSpy frames(&c, &SimulationController::frameReady);
        c.load(seedScenario(), {});
        QVERIFY(nextFrame(frames).snapshot);
        c.step(50);
        QCOMPARE(nextFrame(frames).snapshot->step, uint64_t(50));
        c.reset();
        const SimFrame f = nextFrame(frames);
        QVERIFY(f.reset);
        QCOMPARE(f.snapshot->step, uint64_t(0));
    }

    void timelineSpansArrive()
    {
        SimulationController c;
        QSignalSpy frames(&c, &SimulationController::frameReady);
        c.load(seedScenario(), {});
        QVERIFY(nextFrame(frames).snapshot);
        size_t spans = 0;
        for (int i = 0; i < 5; ++i) {
            c.step(100);
            const SimFrame f = nextFrame(frames);
            spans += f.timeline.closed.size() + f.timeline.open.size();
            QCOMPARE(f.timeline.step, f.snapshot->step);
        }
        QVERIFY(spans > 0);
    }

    void badOverridesFail()
    {
        SimulationController c;
        QSignalSpy failed(&c, &SimulationController::failed);
        ScenarioOverrides o;
        o.cpus = 0;
        c.load(seedScenario(), o);
        QVERIFY(failed.wait(kWaitMs));
    }
};

QTEST_GUILESS_MAIN(TestSimulationController)
#include "tst_simulationcontroller.moc"
