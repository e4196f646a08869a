#include "mainwindow/mainwindow.h"

#include "lanes/cpulanesview.h"
#include "listview/grouplistview.h"
#include "mainwindow/controlbar.h"
#include "mainwindow/startpanel.h"
#include "mainwindow/statusline.h"
#include "panels/flowview.h"
#include "panels/kernellog.h"
#include "panels/plotsview.h"
#include "panels/sourcepanel.h"
#include "panels/srcupanel.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QKeySequence>
#include <QMenuBar>
#include <QMetaObject>
#include <QSettings>
#include <QShortcut>
#include <QShowEvent>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include <algorithm>

namespace racescope::ui {

namespace {
constexpr int kLayoutVersion = 2; // bump when docks or tool bars are added or renamed
const char* kGeometryKey = "mainwindow/geometry";
const char* kStateKey = "mainwindow/state";
constexpr int kMessageMs = 6000;
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_controller(new SimulationController(this)), m_controlBar(new ControlBar(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("RaceScope — fsnotify and SRCU, Linux 2.6.31"));
    setDockNestingEnabled(true);
    addToolBar(Qt::TopToolBarArea, m_controlBar->settingsBar());
    addToolBar(Qt::TopToolBarArea, m_controlBar->runBar());
    m_status = new StatusLine(statusBar());

    m_start = new StartPanel(this);
    m_groupList = new GroupListView(this);
    m_lanes = new CpuLanesView(this);
    m_flow = new NotificationFlowView(this);
    m_plots = new PlotsView(this);
    m_srcu = new SrcuPanel(this);
    m_source = new SourcePanel(this);
    m_kernelLog = new KernelLog(this);

    m_startDock = addDock(m_start, tr("Start"), QStringLiteral("startDock"), Qt::LeftDockWidgetArea,
                          tr("Things to try, each one click away"));
    m_groupListDock = addDock(m_groupList, tr("fsnotify_groups"), QStringLiteral("groupListDock"),
                              Qt::LeftDockWidgetArea, tr("The group list as readers walk it, with every object's life"));
    m_flowDock = addDock(m_flow, tr("Notification flow"), QStringLiteral("flowDock"), Qt::LeftDockWidgetArea,
                         tr("Events from file operations to the groups' queues and their readers"));
    m_lanesDock = addDock(m_lanes, tr("CPU lanes"), QStringLiteral("lanesDock"), Qt::RightDockWidgetArea,
                          tr("One lane per CPU along simulated time (W/S zoom, A/D pan)"));
    m_srcuDock = addDock(m_srcu, tr("SRCU"), QStringLiteral("srcuDock"), Qt::RightDockWidgetArea,
                         tr("fsnotify_grp_srcu: counters, flips and writers"));
    m_plotsDock = addDock(m_plots, tr("Plots"), QStringLiteral("plotsDock"), Qt::RightDockWidgetArea,
                          tr("Readers per index, grace periods, events, queues over time"));
    m_sourceDock = addDock(m_source, tr("Source"), QStringLiteral("sourceDock"), Qt::RightDockWidgetArea,
                           tr("Where each task stands in the code"));
    m_kernelLogDock = addDock(m_kernelLog, tr("Kernel log"), QStringLiteral("kernelLogDock"),
                              Qt::BottomDockWidgetArea, tr("dmesg: groups, grace periods and the oops"));
    arrangeDocks();

    connectController();
    addMenus();
    addShortcuts();
    resize(1600, 1000);
    loadFromControls(); // the seed scenario, paused at step 0, behind the start panel
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(QWidget* widget, const QString& title, const QString& objectName,
                                 Qt::DockWidgetArea area, const QString& tip)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName); // saveState() finds docks by object name
    dock->setWidget(widget);
    dock->setToolTip(tip);
    addDockWidget(area, dock);
    m_docks << dock;
    return dock;
}

void MainWindow::arrangeDocks()
{
    // Left: the start panel above the list (the flow tabbed with it). Right: the lanes (plots
    // tabbed with them) above SRCU. Bottom: the kernel log beside the source, so that after an
    // oops the report and the faulting line are both in view.
    tabifyDockWidget(m_groupListDock, m_flowDock);
    m_groupListDock->raise();
    splitDockWidget(m_lanesDock, m_srcuDock, Qt::Vertical);
    tabifyDockWidget(m_lanesDock, m_plotsDock);
    m_lanesDock->raise();
    removeDockWidget(m_sourceDock);
    addDockWidget(Qt::BottomDockWidgetArea, m_sourceDock);
    splitDockWidget(m_kernelLogDock, m_sourceDock, Qt::Horizontal);
    m_sourceDock->show();
}

void MainWindow::sizeDocks()
{
    // In proportion to the window as it opens, so that a 1280x720 screen gets the same
    // picture as a large one, only smaller: the lanes first, the kernel log and the
    // source under them. (Fixed sizes, made for 1600x1000, left the lanes a strip there.)
    const int w = width(), h = height();
    const int bottom = h * 3 / 10; // the oops banner and a few lines of the log and the source
    resizeDocks({m_startDock, m_lanesDock}, {w * 11 / 40, w * 29 / 40}, Qt::Horizontal);
    resizeDocks({m_lanesDock, m_srcuDock}, {h * 33 / 100, h / 5}, Qt::Vertical);
    // The start panel whole if it fits in two thirds of the column, the group list below.
    const int bars = menuBar()->sizeHint().height() + statusBar()->sizeHint().height() +
                     m_controlBar->settingsBar()->sizeHint().height() + m_controlBar->runBar()->sizeHint().height();
    const int column = h - bottom - bars;
    const int start = std::min(m_startDock->sizeHint().height(), column * 2 / 3);
    resizeDocks({m_startDock, m_groupListDock}, {start, column - start}, Qt::Vertical);
    resizeDocks({m_kernelLogDock, m_sourceDock}, {w * 11 / 20, w * 9 / 20}, Qt::Horizontal);
    resizeDocks({m_kernelLogDock}, {bottom}, Qt::Vertical);
}

void MainWindow::connectController()
{
    SimulationController* c = m_controller;
    connect(c, &SimulationController::frameReady, m_groupList, &GroupListView::showFrame);
    connect(c, &SimulationController::frameReady, m_lanes, &CpuLanesView::showFrame);
    connect(c, &SimulationController::frameReady, m_flow, &NotificationFlowView::showFrame);
    connect(c, &SimulationController::frameReady, m_plots, &PlotsView::showFrame);
    connect(c, &SimulationController::frameReady, m_srcu, &SrcuPanel::showFrame);
    connect(c, &SimulationController::frameReady, m_source, &SourcePanel::showFrame);
    connect(c, &SimulationController::kernelEvents, m_kernelLog, &KernelLog::addEvents);
    connect(c, &SimulationController::frameReady, m_kernelLog, &KernelLog::showFrame);
    connect(m_kernelLog, &KernelLog::stepSelected, m_lanes, &CpuLanesView::showStep);
    connect(c, &SimulationController::frameReady, m_status, &StatusLine::showFrame);
    connect(c, &SimulationController::runningChanged, m_status, &StatusLine::setRunning);
    connect(c, &SimulationController::runningChanged, m_controlBar, &ControlBar::setRunning);
    connect(c, &SimulationController::oopsed, this, [this] {
        // Bring the evidence forward: the report and the faulting line.
        m_kernelLogDock->show();
        m_kernelLogDock->raise();
        m_sourceDock->raise();
        statusBar()->showMessage(tr("The kernel oopsed: see the kernel log"), kMessageMs);
    });
    connect(c, &SimulationController::finished, this,
            [this](const QString& reason) { statusBar()->showMessage(reason, kMessageMs); });
    connect(c, &SimulationController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, kMessageMs); });
    connect(c, &SimulationController::failed, this,
            [this](const QString& error) { statusBar()->showMessage(tr("Error: %1").arg(error), 2 * kMessageMs); });

    connect(m_controlBar, &ControlBar::settingsChanged, this, &MainWindow::loadFromControls);
    // The fault button's text grows with the faults switched on; queued, so that the bar's
    // size hint has taken the new text in.
    connect(m_controlBar, &ControlBar::settingsChanged, this, &MainWindow::fitToolBars, Qt::QueuedConnection);
    connect(m_controlBar, &ControlBar::playPauseRequested, c, &SimulationController::togglePlay);
    connect(m_controlBar, &ControlBar::stepRequested, c, [c] { c->step(1); });
    connect(m_controlBar, &ControlBar::stepBackRequested, c, [c] { c->stepBack(1); });
    connect(c, &SimulationController::frameReady, m_controlBar, [bar = m_controlBar](const SimFrame& frame) {
        bar->setCanStepBack(frame.snapshot && frame.snapshot->step > 0);
    });
    connect(m_controlBar, &ControlBar::stepCpuRequested, c, &SimulationController::stepCpu);
    connect(m_controlBar, &ControlBar::runToOopsRequested, c, &SimulationController::runToOops);
    connect(m_controlBar, &ControlBar::resetRequested, c, &SimulationController::reset);
    connect(m_controlBar, &ControlBar::speedChanged, c, &SimulationController::setSpeed);
    connect(m_start, &StartPanel::entryChosen, this, &MainWindow::startEntry);
    c->setSpeed(m_controlBar->speed());
}

void MainWindow::addMenus()
{
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setToolTipsVisible(true);
    for (QDockWidget* dock : m_docks)
        view->addAction(dock->toggleViewAction());
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->setToolTipsVisible(true);
    for (QAction* a : {m_controlBar->playAction(), m_controlBar->stepAction(), m_controlBar->stepBackAction(),
                       m_controlBar->stepCpuAction(), m_controlBar->runToOopsAction(), m_controlBar->resetAction()})
        run->addAction(a);
}

void MainWindow::addShortcuts()
{
    // W/S/A/D belong to the lanes view; forward them only to slots it actually has.
    const std::pair<Qt::Key, const char*> keys[] = {
        {Qt::Key_W, "zoomIn"}, {Qt::Key_S, "zoomOut"}, {Qt::Key_A, "panLeft"}, {Qt::Key_D, "panRight"}};
    for (const auto& [key, slot] : keys) {
        if (m_lanes->metaObject()->indexOfSlot(QMetaObject::normalizedSignature(QByteArray(slot) + "()")) < 0)
            continue;
        auto* shortcut = new QShortcut(QKeySequence(key), this);
        const QByteArray name(slot);
        connect(shortcut, &QShortcut::activated, m_lanes,
                [lanes = m_lanes, name] { QMetaObject::invokeMethod(lanes, name.constData()); });
    }
}

void MainWindow::loadFromControls()
{
    QString error;
    std::optional<Scenario> scenario = m_controlBar->scenario(&error);
    if (!scenario) {
        statusBar()->showMessage(tr("Cannot load: %1").arg(error), 2 * kMessageMs);
        return;
    }
    m_controller->load(*scenario, m_controlBar->overrides());
}

void MainWindow::startEntry(const StartEntry& entry)
{
    {
        // One load for the whole change, not one per widget touched.
        const QSignalBlocker block(m_controlBar);
        m_controlBar->selectScenario(entry.scenario);
        m_controlBar->setFaults(entry.faults);
    }
    loadFromControls();
    if (entry.runToOops)
        m_controller->runToOops();
    else
        m_controller->play();
    m_startDock->hide();
}

void MainWindow::saveLayout(QSettings& settings) const
{
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kLayoutVersion));
}

bool MainWindow::restoreLayout(const QSettings& settings)
{
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    const QByteArray state = settings.value(kStateKey).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const bool restored = !state.isEmpty() && restoreState(state, kLayoutVersion);
    m_layoutRestored = m_layoutRestored || restored;
    fitToolBars(); // the saved rows were for the saved width
    return restored;
}

void MainWindow::fitToolBars()
{
    // Qt squeezes tool bars that share a row and hides what does not fit behind an extension
    // button; on a laptop or a 1280-pixel projector that was the speed slider. So the run
    // controls get a row of their own whenever the two bars do not fit side by side.
    QToolBar* first = m_controlBar->settingsBar();
    QToolBar* second = m_controlBar->runBar();
    const int slack = 4 * style()->pixelMetric(QStyle::PM_ToolBarItemSpacing) + 8;
    const bool fits = first->sizeHint().width() + second->sizeHint().width() + slack <= width();
    if (fits == !toolBarBreak(second))
        return;
    if (fits)
        removeToolBarBreak(second);
    else
        insertToolBarBreak(second);
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_docksSized && !m_layoutRestored)
        sizeDocks();
    m_docksSized = true;
}

void MainWindow::resizeEvent(QResizeEvent* event)
{
    QMainWindow::resizeEvent(event);
    fitToolBars();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    saveLayout(settings);
    event->accept();
}

} // namespace racescope::ui
