#pragma once
// The GUI thread's handle on the simulation. It starts a SimulationWorker on its own
// QThread and queues every command to it; the GUI never touches the Machine. Frames come
// back as immutable SimFrame values through frameReady (queued across the thread), at most
// 60 a second while playing, and always after a step, a pause, an oops or the end.
//
// Thread rules: construct, call and destroy on the GUI thread only. Commands are applied in
// the order they are called; a load cancels a run in progress.
//
// Step back re-simulates from step 0 (see SimulationWorker), which takes a while on a long
// run. While one is under way, further step-back presses are added up and sent as one when
// it finishes, or before the next other command, so that holding Left does not queue a
// replay per key repeat and the order of commands still holds.

#include "scenario/overrides.h"
#include "scenario/scenario.h"
#include "sim/simframe.h"
// After simframe.h: the core headers must precede Qt's `slots` macro.
#include "sim/kernelevents.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>
#include <optional>

namespace racescope::ui {

class SimulationWorker;

class SimulationController : public QObject {
    Q_OBJECT
public:
    explicit SimulationController(QObject* parent = nullptr);
    ~SimulationController() override;

    bool isRunning() const { return m_running; }
    // The last frame received; empty before the first load.
    const SimFrame& lastFrame() const { return m_lastFrame; }
    const Scenario* scenario() const { return m_scenario ? &*m_scenario : nullptr; }
    const ScenarioOverrides& overrides() const { return m_overrides; }
    int speed() const { return m_speed; }

public slots:
    void load(const racescope::Scenario& scenario, const racescope::ScenarioOverrides& overrides);
    void play();
    void pause();
    void togglePlay();
    void step(quint64 count = 1);
    void stepCpu(int cpu);
    // Back `count` steps, to step 0 at most; nothing at step 0.
    void stepBack(quint64 count = 1);
    void runToOops();
    // Plays as fast as possible until the oops, the end, or `step` steps in all.
    void runUntil(quint64 step);
    void reset();
    // Steps per second; 0 runs as fast as possible.
    void setSpeed(int stepsPerSecond);

signals:
    // Kernel log events since the previous frame, just before the frame they belong to.
    void kernelEvents(const racescope::ui::KernelEvents& events);
    void frameReady(const racescope::ui::SimFrame& frame);
    void runningChanged(bool running);
    void oopsed();
    void finished(const QString& reason);
    void failed(const QString& error);
    void message(const QString& text);

private:
    template <typename Fn> void post(Fn&& fn);
    template <typename Fn> void invoke(Fn&& fn);
    void flushStepBack();
    void onStepBackFinished();
    void onFrame(const SimFrame& frame);
    void onRunningChanged(bool running);

    QThread m_thread;
    SimulationWorker* m_worker = nullptr; // lives on m_thread; deleted when it finishes
    std::shared_ptr<std::atomic<int>> m_framesInFlight;
    SimFrame m_lastFrame;
    std::optional<Scenario> m_scenario; // as loaded, before overrides
    ScenarioOverrides m_overrides;
    bool m_running = false;
    int m_speed = 20;
    quint64 m_backPending = 0;  // step-back presses not sent yet
    int m_backsInFlight = 0;    // step backs sent and not finished
};

} // namespace racescope::ui
