#include "sim/simulationworker.h"

#include <QTimer>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

namespace racescope::ui {

namespace {
// Frames the GUI has not taken yet beyond which an unforced frame waits: a GUI slower than
// 60 frames a second then sees fewer frames instead of an ever longer event queue.
constexpr int kMaxFramesInFlight = 2;
// At a set speed a tick comes at least this often, so 1 step/s still shows within a frame.
constexpr int kPacedTickMs = 16;
} // namespace

SimulationWorker::SimulationWorker(std::shared_ptr<std::atomic<int>> framesInFlight)
    : m_framesInFlight(std::move(framesInFlight)), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &SimulationWorker::tick);
    m_clock.start();
}

SimulationWorker::~SimulationWorker() = default;

void SimulationWorker::load(const Scenario& scenario, const ScenarioOverrides& overrides)
{
    setPlaying(false);
    Scenario applied = scenario;
    if (std::string error = applyOverrides(applied, overrides); !error.empty()) {
        emit failed(QString::fromStdString(error));
        return;
    }
    m_scenario = std::move(applied);
    reset();
}

void SimulationWorker::reset()
{
    setPlaying(false);
    m_history.clear();
    m_redo.clear();
    if (!m_scenario || !build())
        return;
    m_rate.reset();
    m_pacer.reset();
    publish(true, FrameStart::Reset);
}

bool SimulationWorker::build()
{
    try {
        m_machine = std::make_unique<Machine>(m_scenario->world);
    } catch (const std::exception& e) {
        m_machine.reset();
        emit failed(QStringLiteral("cannot build %1: %2").arg(QString::fromStdString(m_scenario->name), e.what()));
        return false;
    }
    m_machine->setTracing(true);
    m_snapshots.reset(); // a new run: its first oops is another one
    m_scheduler = makeScheduler(*m_scenario);
    m_timeline = std::make_unique<TimelineBuilder>(unsigned(m_scenario->world.tasks.size()));
    m_tracePosition = 0;
    m_events.start(*m_machine);
    m_stopReason.clear();
    return true;
}

void SimulationWorker::stepBack(uint64_t count)
{
    setPlaying(false);
    if (m_machine && m_scenario && count > 0 && !m_history.empty()) {
        const size_t target = m_history.size() > count ? m_history.size() - count : 0;
        for (size_t i = m_history.size(); i-- > target;)
            m_redo.push_back(m_history[i]);
        m_history.resize(target);
        if (build() && replayHistory())
            publish(true, FrameStart::Rewound);
    }
    emit stepBackFinished();
}

bool SimulationWorker::replayHistory()
{
    constexpr size_t kCheckEvery = 1 << 16;
    constexpr int64_t kReportMs = 250;
    QElapsedTimer clock;
    clock.start();
    int64_t reported = 0;
    const bool unchecked = m_scheduler->onlyEnabledActions();
    try {
        for (size_t i = 0; i < m_history.size(); ++i) {
            const Applied& a = m_history[i];
            if (a.picked) {
                m_machine->apply(a.action);
            } else {
                // The scheduler must see every state it saw the first time, to end as it was.
                const std::optional<Action> again = m_scheduler->next(*m_machine);
                if (!again || !(*again == a.action))
                    throw std::logic_error("the scheduler chose differently at step " + std::to_string(i + 1));
                if (unchecked)
                    m_machine->applyEnabled(a.action);
                else
                    m_machine->apply(a.action);
            }
            if (i % kCheckEvery != kCheckEvery - 1)
                continue;
            // The timeline and the kernel log are rebuilt as the replay goes, so that the
            // progress below covers them too.
            feedTrace();
            if (clock.elapsed() - reported >= kReportMs) {
                reported = clock.elapsed();
                emit message(QStringLiteral("Stepping back: re-simulating step %1 of %2").arg(i + 1).arg(m_history.size()));
            }
        }
    } catch (const std::exception& e) {
        m_machine.reset();
        m_history.clear();
        m_redo.clear();
        emit failed(QStringLiteral("step back: %1; reset to start again").arg(e.what()));
        return false;
    }
    feedTrace();
    if (m_machine->status() != RunStatus::Running)
        m_stopReason = std::string(runStatusName(m_machine->status()));
    if (reported > 0)
        emit message(QStringLiteral("Back at step %1 (re-simulated in %2 s)")
                         .arg(m_machine->steps())
                         .arg(static_cast<double>(clock.elapsed()) / 1000.0, 0, 'f', 1));
    return true;
}

void SimulationWorker::record(const Applied& applied) { m_history.push_back(applied); }

void SimulationWorker::play()
{
    m_sprint = false;
    m_stopAtStep.reset();
    setPlaying(true);
}

void SimulationWorker::runToOops(std::optional<uint64_t> stopAtStep)
{
    m_sprint = true;
    m_stopAtStep = stopAtStep;
    setPlaying(true);
}

void SimulationWorker::pause()
{
    const bool was = m_playing;
    setPlaying(false);
    if (was)
        publish(true);
}

void SimulationWorker::setSpeed(int stepsPerSecond)
{
    m_speed = std::max(0, stepsPerSecond);
    restartClock();
}

void SimulationWorker::step(uint64_t count)
{
    setPlaying(false);
    if (advance(count) == 0 && !m_stopReason.empty()) {
        // Nothing moved: say why once, without repeating the oops or end signals.
        emit message(QString::fromStdString(std::exchange(m_stopReason, {})));
        return;
    }
    publish(true);
    reportEnd();
}

void SimulationWorker::stepCpu(unsigned cpu)
{
    setPlaying(false);
    if (!m_machine || m_machine->status() != RunStatus::Running) {
        emit message(QStringLiteral("the run is over: reset to start again"));
        return;
    }
    if (cpu >= m_machine->cpus().size()) {
        emit message(QStringLiteral("there is no CPU %1").arg(cpu));
        return;
    }
    std::vector<Action> actions;
    m_machine->enabledActions(actions);
    // Prefer the task already on that CPU (a plain step), then any task that may run there.
    const uint8_t current = m_machine->cpus()[cpu].current;
    const Action* pick = nullptr;
    for (const Action& a : actions) {
        if (a.cpu != cpu)
            continue;
        const bool better = !pick || (a.kind == ActionKind::Run && pick->kind != ActionKind::Run) ||
                            (a.task == current && a.kind == ActionKind::Run && pick->task != current);
        if (better)
            pick = &a;
    }
    if (!pick) {
        emit message(QStringLiteral("nothing can run on CPU %1 now").arg(cpu));
        return;
    }
    m_machine->apply(*pick);
    // Redoing the very pick that was undone keeps the rest of the redo list; any other
    // pick starts a new future.
    if (!m_redo.empty() && m_redo.back().picked && m_redo.back().action == *pick)
        m_redo.pop_back();
    else
        m_redo.clear();
    record({*pick, true});
    feedTrace();
    if (m_machine->status() != RunStatus::Running)
        m_stopReason = std::string(runStatusName(m_machine->status()));
    publish(true);
    reportEnd();
}

void SimulationWorker::setPlaying(bool playing)
{
    if (playing && (!m_machine || m_machine->status() != RunStatus::Running))
        playing = false;
    if (playing)
        restartClock();
    if (playing == m_playing) {
        if (playing && !m_timer->isActive())
            m_timer->start(0);
        return;
    }
    m_playing = playing;
    if (playing)
        m_timer->start(0);
    else
        m_timer->stop();
    emit runningChanged(playing);
}

void SimulationWorker::restartClock()
{
    m_playClock.start();
    m_stepsAtPlayStart = m_machine ? m_machine->steps() : 0;
}

void SimulationWorker::tick()
{
    if (!m_playing || !m_machine)
        return;
    const bool unlimited = m_sprint || m_speed == 0;
    uint64_t want = m_batch.size();
    if (!unlimited) {
        const uint64_t done = m_machine->steps() - m_stepsAtPlayStart;
        want = std::min(want, stepsDue(m_speed, m_playClock.elapsed(), done));
    }
    if (m_stopAtStep)
        want = std::min(want, *m_stopAtStep > m_machine->steps() ? *m_stopAtStep - m_machine->steps() : 0);

    QElapsedTimer batchClock;
    batchClock.start();
    const uint64_t taken = advance(want);
    if (unlimited && taken == want)
        m_batch.record(taken, batchClock.nsecsElapsed());

    const bool atLimit = m_stopAtStep && m_machine->steps() >= *m_stopAtStep;
    if (!m_stopReason.empty() || atLimit) {
        publish(true); // before runningChanged(false), so whoever waits for the stop sees the last frame
        setPlaying(false);
        reportEnd();
        return;
    }
    publish(false);
    m_timer->start(unlimited ? 0 : std::clamp(1000 / std::max(1, m_speed), 1, kPacedTickMs));
}

uint64_t SimulationWorker::advance(uint64_t count)
{
    if (!m_machine)
        return 0;
    uint64_t taken = 0;
    try {
        while (taken < count && takeOneStep())
            ++taken;
    } catch (const std::exception& e) {
        // A model bug must not take the window down with it: stop and say what happened.
        m_stopReason = std::string("internal error: ") + e.what();
        emit failed(QString::fromStdString(m_stopReason));
    }
    feedTrace();
    return taken;
}

void SimulationWorker::feedTrace()
{
    const size_t end = m_timeline->consume(m_machine->trace(), m_tracePosition);
    m_events.consume(m_machine->trace(), m_tracePosition, end);
    m_tracePosition = end;
}

bool SimulationWorker::takeOneStep()
{
    if (m_machine->status() != RunStatus::Running) {
        m_stopReason = "the run is over (" + std::string(runStatusName(m_machine->status())) + ")";
        return false;
    }
    if (m_machine->steps() >= m_scenario->maxSteps) {
        m_stopReason = "the step budget of " + std::to_string(m_scenario->maxSteps) + " steps is spent";
        return false;
    }
    if (!m_redo.empty() && m_redo.back().picked) {
        const Applied redo = m_redo.back();
        m_machine->apply(redo.action);
        m_redo.pop_back();
        record(redo);
    } else {
        std::optional<Action> action = m_scheduler->next(*m_machine);
        if (!action) {
            m_stopReason = m_scheduler->error().empty() ? "the scheduler has nothing left to run"
                                                        : "scheduler: " + m_scheduler->error();
            return false;
        }
        if (m_scheduler->onlyEnabledActions()) {
            m_machine->applyEnabled(*action);
        } else if (m_machine->isEnabled(*action)) {
            m_machine->apply(*action);
        } else {
            m_stopReason = "the scheduler picked an action that is not enabled";
            return false;
        }
        // Replayed from the same state, the scheduler makes the choice it made before; if
        // it ever did not, its choice wins and the rest of the old future is dropped.
        if (!m_redo.empty()) {
            if (m_redo.back().action == *action)
                m_redo.pop_back();
            else
                m_redo.clear();
        }
        record({*action, false});
    }
    if (m_machine->status() != RunStatus::Running)
        m_stopReason = std::string(runStatusName(m_machine->status()));
    return true;
}

void SimulationWorker::reportEnd()
{
    if (!m_machine || m_stopReason.empty())
        return;
    const std::string reason = std::exchange(m_stopReason, {});
    switch (m_machine->status()) {
    case RunStatus::Oopsed:
        emit oopsed();
        break;
    case RunStatus::Finished:
        emit finished(QStringLiteral("every program ran to its end"));
        break;
    case RunStatus::Deadlock:
        emit finished(QStringLiteral("deadlock: no task can take a step"));
        break;
    case RunStatus::Running:
        emit finished(QString::fromStdString(reason));
        break;
    }
}

void SimulationWorker::publish(bool force, FrameStart start)
{
    if (!m_machine)
        return;
    const int64_t now = m_clock.elapsed();
    m_rate.sample(now, m_machine->steps());
    if (!force && (!m_pacer.due(now) || m_framesInFlight->load() >= kMaxFramesInFlight))
        return;
    SimFrame frame;
    frame.snapshot = std::make_shared<const Snapshot>(m_snapshots.take(*m_machine));
    frame.timeline = m_timeline->takeDelta();
    frame.stateHash = m_machine->stateHash();
    frame.stepsPerSecond = m_playing ? m_rate.rate() : 0;
    frame.reset = start != FrameStart::Continue;
    frame.rewound = start == FrameStart::Rewound;
    m_pacer.published(now);
    m_framesInFlight->fetch_add(1);
    if (KernelEvents events = m_events.take(); !events.empty())
        emit kernelEvents(events);
    emit frameReady(frame);
}

} // namespace racescope::ui
