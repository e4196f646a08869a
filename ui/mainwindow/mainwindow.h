#pragma once
// The main window assembles: the control bar, the views and panels as dock widgets, the
// start panel, the status line and the keyboard. It owns the SimulationController and
// wires everything to it; it computes and draws nothing itself.

#include "sim/simulationcontroller.h"

#include <QMainWindow>

class QDockWidget;
class QSettings;

namespace racescope::ui {

class ControlBar;
class CpuLanesView;
class GroupListView;
class KernelLog;
class NotificationFlowView;
class PlotsView;
class SourcePanel;
class SrcuPanel;
class StartPanel;
class StatusLine;
struct StartEntry;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    SimulationController* controller() const { return m_controller; }
    ControlBar* controlBar() const { return m_controlBar; }
    KernelLog* kernelLog() const { return m_kernelLog; }
    SrcuPanel* srcuPanel() const { return m_srcu; }
    SourcePanel* sourcePanel() const { return m_source; }
    StatusLine* statusLine() const { return m_status; }
    QDockWidget* startDock() const { return m_startDock; }

    void saveLayout(QSettings& settings) const;
    bool restoreLayout(const QSettings& settings);

public slots:
    // Loads the control bar's scenario and settings (paused, at step 0).
    void loadFromControls();
    void startEntry(const racescope::ui::StartEntry& entry);

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    QDockWidget* addDock(QWidget* widget, const QString& title, const QString& objectName, Qt::DockWidgetArea area,
                         const QString& tip);
    void arrangeDocks();
    void connectController();
    void addMenus();
    void addShortcuts();
    void fitToolBars();
    void sizeDocks();

    SimulationController* m_controller = nullptr;
    ControlBar* m_controlBar = nullptr;
    StatusLine* m_status = nullptr;
    GroupListView* m_groupList = nullptr;
    CpuLanesView* m_lanes = nullptr;
    NotificationFlowView* m_flow = nullptr;
    PlotsView* m_plots = nullptr;
    SrcuPanel* m_srcu = nullptr;
    SourcePanel* m_source = nullptr;
    KernelLog* m_kernelLog = nullptr;
    StartPanel* m_start = nullptr;
    QDockWidget* m_startDock = nullptr;
    QDockWidget* m_groupListDock = nullptr;
    QDockWidget* m_lanesDock = nullptr;
    QDockWidget* m_flowDock = nullptr;
    QDockWidget* m_plotsDock = nullptr;
    QDockWidget* m_srcuDock = nullptr;
    QDockWidget* m_sourceDock = nullptr;
    QDockWidget* m_kernelLogDock = nullptr;
    QList<QDockWidget*> m_docks;
    bool m_layoutRestored = false; // the user's saved dock sizes win over sizeDocks()
    bool m_docksSized = false;
};

} // namespace racescope::ui
