#include "sim/simulationcontroller.h"

#include "sim/simulationworker.h"

#include <QMetaObject>

#include <algorithm>
#include <utility>

namespace racescope::ui {

SimulationController::SimulationController(QObject* parent)
    : QObject(parent), m_framesInFlight(std::make_shared<std::atomic<int>>(0))
{
    qRegisterMetaType<racescope::ui::SimFrame>("racescope::ui::SimFrame");
    qRegisterMetaType<racescope::ui::KernelEvents>("racescope::ui::KernelEvents");
    m_worker = new SimulationWorker(m_framesInFlight);
    m_worker->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("racescope-simulation"));
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Queued explicitly: the worker emits on its thread, and this object's slots must run on ours.
    connect(m_worker, &SimulationWorker::frameReady, this, &SimulationController::onFrame, Qt::QueuedConnection);
    connect(m_worker, &SimulationWorker::kernelEvents, this, &SimulationController::kernelEvents,
            Qt::QueuedConnection);
    connect(m_worker, &SimulationWorker::runningChanged, this, &SimulationController::onRunningChanged,
            Qt::QueuedConnection);
    connect(m_worker, &SimulationWorker::stepBackFinished, this, &SimulationController::onStepBackFinished,
            Qt::QueuedConnection);
    connect(m_worker, &SimulationWorker::oopsed, this, &SimulationController::oopsed, Qt::QueuedConnection);
    connect(m_worker, &SimulationWorker::finished, this, &SimulationController::finished, Qt::QueuedConnection);
    connect(m_worker, &SimulationWorker::failed, this, &SimulationController::failed, Qt::QueuedConnection);
    connect(m_worker, &SimulationWorker::message, this, &SimulationController::message, Qt::QueuedConnection);
    m_thread.start();
    post([w = m_worker, speed = m_speed] { w->setSpeed(speed); });
}

SimulationController::~SimulationController()
{
    m_backPending = 0; // no replay to wait for on the way out
    post([w = m_worker] { w->pause(); });
    m_thread.quit();
    m_thread.wait();
}

template <typename Fn> void SimulationController::invoke(Fn&& fn)
{
    QMetaObject::invokeMethod(m_worker, std::forward<Fn>(fn), Qt::QueuedConnection);
}

template <typename Fn> void SimulationController::post(Fn&& fn)
{
    flushStepBack(); // presses held back go first: commands run in the order given
    invoke(std::forward<Fn>(fn));
}

void SimulationController::stepBack(quint64 count)
{
    m_backPending += count;
    if (m_backsInFlight == 0)
        flushStepBack();
}

void SimulationController::flushStepBack()
{
    if (m_backPending == 0)
        return;
    ++m_backsInFlight;
    invoke([w = m_worker, count = std::exchange(m_backPending, 0)] { w->stepBack(count); });
}

void SimulationController::onStepBackFinished()
{
    m_backsInFlight = std::max(0, m_backsInFlight - 1);
    if (m_backsInFlight == 0)
        flushStepBack();
}

void SimulationController::load(const Scenario& scenario, const ScenarioOverrides& overrides)
{
    m_backPending = 0; // nothing to step back from in what is about to load
    m_scenario = scenario;
    m_overrides = overrides;
    post([w = m_worker, scenario, overrides] { w->load(scenario, overrides); });
}

void SimulationController::play()
{
    post([w = m_worker] { w->play(); });
}

void SimulationController::pause()
{
    post([w = m_worker] { w->pause(); });
}

void SimulationController::togglePlay()
{
    if (m_running)
        pause();
    else
        play();
}

void SimulationController::step(quint64 count)
{
    post([w = m_worker, count] { w->step(count); });
}

void SimulationController::stepCpu(int cpu)
{
    if (cpu < 0)
        return;
    post([w = m_worker, cpu] { w->stepCpu(unsigned(cpu)); });
}

void SimulationController::runToOops()
{
    post([w = m_worker] { w->runToOops(std::nullopt); });
}

void SimulationController::runUntil(quint64 step)
{
    post([w = m_worker, step] { w->runToOops(step); });
}

void SimulationController::reset()
{
    m_backPending = 0;
    post([w = m_worker] { w->reset(); });
}

void SimulationController::setSpeed(int stepsPerSecond)
{
    m_speed = stepsPerSecond;
    post([w = m_worker, stepsPerSecond] { w->setSpeed(stepsPerSecond); });
}

void SimulationController::onFrame(const SimFrame& frame)
{
    m_framesInFlight->fetch_sub(1);
    m_lastFrame = frame;
    emit frameReady(frame);
}

void SimulationController::onRunningChanged(bool running)
{
    if (running == m_running)
        return;
    m_running = running;
    emit runningChanged(running);
}

} // namespace racescope::ui
