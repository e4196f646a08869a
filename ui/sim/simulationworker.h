#pragma once
// The simulation thread's side of SimulationController: it alone owns the Machine, its
// Scheduler and the TimelineBuilder. Every slot runs on the worker thread (commands arrive
// queued); results leave only as SimFrame values and messages, through queued signals.
//
// Playing is a chain of zero- or short-interval timer ticks, each one batch, so commands
// queued in between (pause, step, load) are seen within about 10 ms.
//
// Step back re-simulates; nothing is undone in place. The worker records every Action it
// applied since the load, four bytes each: the scheduler's choices and the user's Step CPU
// picks alike. Going back n steps builds a new Machine from the scenario (with its
// overrides), a new scheduler, timeline and kernel-event collector, and replays all but the
// last n actions with the trace on, as a run does. Each action the scheduler chose is asked
// of the new scheduler again and must come out the same (a step is a pure function of the
// state and the scheduler's choice, and the scheduler of its seed and what it has seen), so
// the scheduler ends in exactly the state it had at that step; each Step CPU pick is applied
// as it was, without asking the scheduler, as the first time. The n undone actions become a
// redo list: stepping or playing forward takes them in order (asking the scheduler for the
// ones it chose, as above) until they run out. A Step CPU pick other than the next one to
// redo, a reset and a load drop the list. So back then forward returns to the identical
// state, Step CPU picks included. Replay runs at millions of steps a second on this thread;
// while a long one runs, `message` reports its progress and the GUI stays live.

#include "scenario/overrides.h"
#include "scenario/scenario.h"
#include "sim/simframe.h"
// After simframe.h: the core headers must precede Qt's `slots` macro.
#include "sim/kernelevents.h"
#include "sim/pacing.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QTimer;

namespace racescope::ui {

class SimulationWorker : public QObject {
    Q_OBJECT
public:
    // framesInFlight is shared with the controller: frames emitted but not yet handed on.
    explicit SimulationWorker(std::shared_ptr<std::atomic<int>> framesInFlight);
    ~SimulationWorker() override;

    void load(const Scenario& scenario, const ScenarioOverrides& overrides);
    void play();
    void pause();
    void step(uint64_t count);
    void stepCpu(unsigned cpu);
    // Back `count` steps (to step 0 at most), by re-simulation; publishes a rewound frame.
    // Does nothing at step 0. Always ends with stepBackFinished.
    void stepBack(uint64_t count);
    // Plays as fast as possible and stops at the oops, the end, or `stopAtStep` if given.
    void runToOops(std::optional<uint64_t> stopAtStep);
    void reset();
    void setSpeed(int stepsPerSecond);

signals:
    // Emitted just before the frame that includes them, and only when there are any.
    void kernelEvents(const racescope::ui::KernelEvents& events);
    void frameReady(const racescope::ui::SimFrame& frame);
    void stepBackFinished();
    void runningChanged(bool running);
    void oopsed();
    void finished(const QString& reason);
    void failed(const QString& error);
    void message(const QString& text);

private:
    struct Applied {
        Action action;
        bool picked = false; // by Step CPU: replayed as it is, without asking the scheduler
    };

    void tick();
    // Steps up to `count` times; returns the steps taken. Stops early when the run ends.
    uint64_t advance(uint64_t count);
    bool takeOneStep();
    void setPlaying(bool playing);
    enum class FrameStart : uint8_t { Continue, Reset, Rewound };
    void publish(bool force, FrameStart start = FrameStart::Continue);
    // A fresh machine, scheduler, timeline and event collector for the scenario; false (and
    // `failed`) when the machine cannot be built.
    bool build();
    // Applies m_history to a freshly built machine; false (and `failed`) if it diverges.
    bool replayHistory();
    void record(const Applied& applied);
    void reportEnd();
    void restartClock();
    void feedTrace();

    std::shared_ptr<std::atomic<int>> m_framesInFlight;
    std::optional<Scenario> m_scenario; // after overrides
    std::unique_ptr<Machine> m_machine;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<TimelineBuilder> m_timeline;
    SnapshotTaker m_snapshots; // remembers the first oops's explanation between frames
    KernelEventCollector m_events;
    // Trace records already fed to the timeline. The trace itself keeps growing with the run
    // (a later issue streams it to disk and drops what was written); nothing here clears it.
    size_t m_tracePosition = 0;
    std::string m_stopReason;
    std::vector<Applied> m_history; // every action since the load; [i] made step i + 1
    std::vector<Applied> m_redo;    // undone by step back, the next to redo last

    QTimer* m_timer = nullptr;
    QElapsedTimer m_clock;      // since the worker started: frame pacing and the rate
    QElapsedTimer m_playClock;  // since play or a speed change: steps owed at a set speed
    uint64_t m_stepsAtPlayStart = 0;
    BatchSizer m_batch;
    FramePacer m_pacer;
    RateMeter m_rate;
    int m_speed = 20; // steps per second, 0 = as fast as possible
    bool m_playing = false;
    bool m_sprint = false; // run to oops: full speed whatever m_speed says
    std::optional<uint64_t> m_stopAtStep;
};

} // namespace racescope::ui
