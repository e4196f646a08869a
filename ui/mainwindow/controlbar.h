#pragma once
// The control bar: what to run (scenario, faults, allocator, CPUs, seed) and how (play,
// step, step back, step one CPU, run to the oops, speed, reset), as two tool bars so that the
// window can put the second under the first when one row is too narrow for both. It holds
// no simulation state: it says what the user asked for through signals, and shows `running`
// and whether there is a step to go back to when told.

#include "scenario/overrides.h"
#include "scenario/scenario.h"

#include <QObject>

#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;
class QToolBar;
class QToolButton;
class QWidget;

namespace racescope::ui {

class ControlBar : public QObject {
    Q_OBJECT
public:
    // `window` parents both tool bars; it is up to the window to add them.
    explicit ControlBar(QWidget* window);

    QToolBar* settingsBar() const { return m_settingsBar; }
    QToolBar* runBar() const { return m_runBar; }

    // The selected scenario with its defaults shown in the widgets: a built-in's name, or a
    // scenario file, which then joins the picker; false for a name or file that does not load.
    bool selectScenario(const QString& name);
    void setFaults(const std::vector<FaultId>& faults);
    void setSpeed(int stepsPerSecond);
    void setSeed(uint64_t seed);
    int speed() const;
    QString scenarioName() const;
    // The selected scenario, loaded; nullopt (and `error`) if it does not load.
    std::optional<Scenario> scenario(QString* error = nullptr) const;
    ScenarioOverrides overrides() const;

    QAction* playAction() const { return m_play; }
    QAction* stepAction() const { return m_step; }
    QAction* stepCpuAction() const { return m_stepCpu; }
    QAction* runToOopsAction() const { return m_runToOops; }
    QAction* resetAction() const { return m_reset; }
    QAction* stepBackAction() const { return m_stepBack; }

public slots:
    void setRunning(bool running);
    void setCanStepBack(bool can);

signals:
    // The scenario or one of its settings changed: the simulation should load anew.
    void settingsChanged();
    void playPauseRequested();
    void stepRequested();
    void stepBackRequested();
    void stepCpuRequested(int cpu);
    void runToOopsRequested();
    void resetRequested();
    void speedChanged(int stepsPerSecond);

private:
    void addSettings();
    void addActions();
    void showScenarioDefaults(const Scenario& scenario);
    void onSpeedPosition(int position);

    QToolBar* m_settingsBar = nullptr;
    QToolBar* m_runBar = nullptr;
    QComboBox* m_scenario = nullptr;
    QToolButton* m_faultButton = nullptr;
    std::vector<QAction*> m_faultActions; // in catalogue order
    QComboBox* m_allocator = nullptr;
    QSpinBox* m_cpus = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_cpuToStep = nullptr;
    QSlider* m_speed = nullptr;
    QLabel* m_speedLabel = nullptr;
    QAction* m_play = nullptr;
    QAction* m_step = nullptr;
    QAction* m_stepBack = nullptr;
    QAction* m_stepCpu = nullptr;
    QAction* m_runToOops = nullptr;
    QAction* m_reset = nullptr;
};

} // namespace racescope::ui
