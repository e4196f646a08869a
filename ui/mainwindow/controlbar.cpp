#include "mainwindow/controlbar.h"

#include "sim/speedscale.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QToolBar>
#include <QToolButton>

#include <algorithm>
#include <limits>

namespace racescope::ui {

namespace {
QString fromView(std::string_view text) { return QString::fromUtf8(text.data(), qsizetype(text.size())); }

// A label before a widget, so the bar reads as a sentence without a form layout.
void addLabelled(QToolBar* bar, const QString& label, QWidget* widget)
{
    auto* l = new QLabel(label, bar);
    l->setToolTip(widget->toolTip());
    l->setBuddy(widget);
    bar->addWidget(l);
    bar->addWidget(widget);
}
} // namespace

ControlBar::ControlBar(QWidget* window)
    : QObject(window), m_settingsBar(new QToolBar(tr("Scenario and settings"), window)),
      m_runBar(new QToolBar(tr("Run controls"), window))
{
    m_settingsBar->setObjectName(QStringLiteral("settingsBar")); // saveState() finds tool bars by name
    m_runBar->setObjectName(QStringLiteral("runBar"));
    for (QToolBar* bar : {m_settingsBar, m_runBar})
        bar->setMovable(false);
    addSettings();
    addActions();
    selectScenario(QStringLiteral("seed"));
}

void ControlBar::addSettings()
{
    m_scenario = new QComboBox(m_settingsBar);
    m_scenario->setObjectName(QStringLiteral("scenarioPicker"));
    for (const BuiltinScenario& b : builtinScenarios()) {
        const ScenarioResult loaded = loadScenario(std::string(b.name));
        const QString title = loaded.ok() ? QString::fromStdString(loaded.scenario->title) : QString();
        m_scenario->addItem(QStringLiteral("%1 — %2").arg(fromView(b.name), title), fromView(b.name));
        if (loaded.ok())
            m_scenario->setItemData(m_scenario->count() - 1, QString::fromStdString(loaded.scenario->description),
                                    Qt::ToolTipRole);
    }
    // The titles are long; the bar must still fit a 1280-pixel projector.
    m_scenario->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_scenario->setMinimumContentsLength(24);
    m_scenario->setToolTip(tr("The built-in scenario to run: the tasks, groups and CPUs of the machine"));
    addLabelled(m_settingsBar, tr("Scenario"), m_scenario);
    connect(m_scenario, &QComboBox::currentIndexChanged, this, [this] {
        if (std::optional<Scenario> s = scenario())
            showScenarioDefaults(*s);
        emit settingsChanged();
    });

    m_faultButton = new QToolButton(m_settingsBar);
    m_faultButton->setObjectName(QStringLiteral("faultSwitches"));
    m_faultButton->setText(tr("Faults: none"));
    m_faultButton->setPopupMode(QToolButton::InstantPopup);
    m_faultButton->setToolTip(tr("Fault switches: each changes the modelled kernel code where a real bug would "
                                 "(MODEL.md section 7). With none on, no schedule can crash."));
    auto* menu = new QMenu(m_faultButton);
    menu->setToolTipsVisible(true);
    for (const FaultInfo& f : faultCatalogue()) {
        QAction* a = menu->addAction(QStringLiteral("%1 — %2").arg(fromView(f.name), fromView(f.description)));
        a->setCheckable(true);
        a->setData(int(f.id));
        a->setObjectName(QStringLiteral("fault-%1").arg(fromView(f.name)));
        a->setToolTip(tr("%1\nWhat changes: %2\nWhat a reader sees: %3")
                          .arg(fromView(f.description), fromView(f.mechanism), fromView(f.signature)));
        connect(a, &QAction::toggled, this, [this] {
            int on = 0;
            for (QAction* x : m_faultActions)
                on += x->isChecked() ? 1 : 0;
            QStringList names;
            for (QAction* x : m_faultActions) {
                if (x->isChecked())
                    names << fromView(faultInfo(FaultId(x->data().toInt())).name);
            }
            const QString text = on == 0 ? tr("Faults: none") : tr("Faults: %1").arg(names.join(QStringLiteral(", ")));
            m_faultButton->setText(m_faultButton->fontMetrics().elidedText(text, Qt::ElideRight, 200));
            emit settingsChanged();
        });
        m_faultActions.push_back(a);
    }
    m_faultButton->setMenu(menu);
    m_settingsBar->addWidget(m_faultButton);

    m_allocator = new QComboBox(m_settingsBar);
    m_allocator->setObjectName(QStringLiteral("allocatorPicker"));
    for (AllocatorKind k : {AllocatorKind::Slub, AllocatorKind::SlubPoison, AllocatorKind::Slab})
        m_allocator->addItem(fromView(allocatorName(k)), int(k));
    m_allocator->setItemData(0, tr("SLUB: a freed group's ->next becomes the freelist link (NULL at its end)"),
                             Qt::ToolTipRole);
    m_allocator->setItemData(1, tr("SLUB with poisoning: a freed group reads 0x6b6b6b6b6b6b6b6b"), Qt::ToolTipRole);
    m_allocator->setItemData(2, tr("SLAB: the freelist is kept outside the objects; freed memory is left as it was"),
                             Qt::ToolTipRole);
    m_allocator->setToolTip(tr("The allocator decides what a freed struct fsnotify_group looks like to a late reader"));
    addLabelled(m_settingsBar, tr("Allocator"), m_allocator);
    connect(m_allocator, &QComboBox::currentIndexChanged, this, &ControlBar::settingsChanged);

    m_cpus = new QSpinBox(m_settingsBar);
    m_cpus->setObjectName(QStringLiteral("cpuCount"));
    m_cpus->setRange(1, 64);
    m_cpus->setToolTip(tr("Number of CPUs, 1 to 64; tasks pinned past the last CPU move to cpu % N"));
    addLabelled(m_settingsBar, tr("CPUs"), m_cpus);
    connect(m_cpus, &QSpinBox::valueChanged, this, [this](int n) {
        m_cpuToStep->setMaximum(n - 1);
        emit settingsChanged();
    });

    m_seed = new QSpinBox(m_settingsBar);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setToolTip(tr("Seed of the random scheduler: the same seed gives the same run"));
    addLabelled(m_settingsBar, tr("Seed"), m_seed);
    connect(m_seed, &QSpinBox::valueChanged, this, &ControlBar::settingsChanged);
}

void ControlBar::addActions()
{
    m_play = m_runBar->addAction(tr("Play"), this, &ControlBar::playPauseRequested);
    m_play->setObjectName(QStringLiteral("play"));
    m_play->setShortcut(Qt::Key_Space);
    m_play->setToolTip(tr("Play or pause the simulation (Space)"));

    m_stepBack = m_runBar->addAction(tr("◀ Step back"), this, &ControlBar::stepBackRequested);
    m_stepBack->setObjectName(QStringLiteral("stepBack"));
    m_stepBack->setShortcut(Qt::Key_Left);
    m_stepBack->setEnabled(false); // at step 0 until a frame says otherwise
    m_stepBack->setToolTip(tr("Back one step (Left): the run is simulated again from step 0 to the step before, "
                              "which takes a moment after millions of steps; Step goes forward the same way again"));

    m_step = m_runBar->addAction(tr("Step ▶"), this, &ControlBar::stepRequested);
    m_step->setObjectName(QStringLiteral("step"));
    m_step->setShortcut(Qt::Key_Right);
    m_step->setToolTip(tr("One step of the machine: the scheduler picks which task runs next, where (Right)"));

    m_cpuToStep = new QSpinBox(m_runBar);
    m_cpuToStep->setObjectName(QStringLiteral("cpuToStep"));
    m_cpuToStep->setRange(0, 3);
    m_cpuToStep->setPrefix(tr("CPU "));
    m_cpuToStep->setToolTip(tr("The CPU that 'Step CPU' advances"));
    m_runBar->addWidget(m_cpuToStep);
    m_stepCpu = m_runBar->addAction(tr("Step CPU"), this, [this] { emit stepCpuRequested(m_cpuToStep->value()); });
    m_stepCpu->setObjectName(QStringLiteral("stepCpu"));
    m_stepCpu->setToolTip(tr("One step of whatever runs on the chosen CPU (you play the scheduler)"));

    m_runToOops = m_runBar->addAction(tr("Run to oops"), this, &ControlBar::runToOopsRequested);
    m_runToOops->setObjectName(QStringLiteral("runToOops"));
    m_runToOops->setToolTip(tr("Run as fast as possible until the oops, the end of every program or the step budget"));

    m_reset = m_runBar->addAction(tr("Reset"), this, &ControlBar::resetRequested);
    m_reset->setObjectName(QStringLiteral("reset"));
    m_reset->setShortcut(Qt::Key_Home);
    m_reset->setToolTip(tr("Back to step 0 of the same scenario and settings (Home)"));

    m_runBar->addSeparator();
    m_speed = new QSlider(Qt::Horizontal, m_runBar);
    m_speed->setObjectName(QStringLiteral("speed"));
    m_speed->setRange(0, speedscale::positions() - 1);
    m_speed->setPageStep(1);
    m_speed->setFixedWidth(140);
    m_speed->setToolTip(tr("Speed while playing: from 1 step per second to as fast as the machine goes (max)"));
    m_speedLabel = new QLabel(m_runBar);
    m_speedLabel->setMinimumWidth(90);
    m_speedLabel->setToolTip(m_speed->toolTip());
    addLabelled(m_runBar, tr("Speed"), m_speed);
    m_runBar->addWidget(m_speedLabel);
    connect(m_speed, &QSlider::valueChanged, this, &ControlBar::onSpeedPosition);
    setSpeed(20);
}

void ControlBar::showScenarioDefaults(const Scenario& s)
{
    const QSignalBlocker b1(m_allocator), b2(m_cpus), b3(m_seed);
    m_allocator->setCurrentIndex(m_allocator->findData(int(s.world.allocator)));
    m_cpus->setValue(int(s.world.cpus));
    m_cpuToStep->setMaximum(int(s.world.cpus) - 1);
    m_seed->setValue(int(std::min<uint64_t>(s.seed, uint64_t(std::numeric_limits<int>::max()))));
}

bool ControlBar::selectScenario(const QString& name)
{
    int index = m_scenario->findData(name);
    if (index < 0) {
        // A scenario file joins the picker, so that changing a setting reloads it, not a built-in.
        const ScenarioResult loaded = loadScenario(name.toStdString());
        if (!loaded.ok())
            return false;
        m_scenario->addItem(tr("%1 — file %2").arg(QString::fromStdString(loaded.scenario->name), name), name);
        index = m_scenario->count() - 1;
        m_scenario->setItemData(index, name, Qt::ToolTipRole);
    }
    if (index == m_scenario->currentIndex()) {
        if (std::optional<Scenario> s = scenario())
            showScenarioDefaults(*s);
        return true;
    }
    m_scenario->setCurrentIndex(index); // shows the defaults and emits settingsChanged
    return true;
}

void ControlBar::setFaults(const std::vector<FaultId>& faults)
{
    for (QAction* a : m_faultActions) {
        const bool on = std::find(faults.begin(), faults.end(), FaultId(a->data().toInt())) != faults.end();
        if (a->isChecked() != on)
            a->setChecked(on);
    }
}

void ControlBar::setSpeed(int stepsPerSecond)
{
    const int position = speedscale::positionFor(stepsPerSecond);
    if (m_speed->value() == position)
        onSpeedPosition(position); // setValue would not signal, but the listeners must hear it
    else
        m_speed->setValue(position);
}

void ControlBar::onSpeedPosition(int position)
{
    const int steps = speedscale::stepsPerSecond(position);
    m_speedLabel->setText(speedscale::label(steps));
    emit speedChanged(steps);
}

void ControlBar::setSeed(uint64_t seed)
{
    m_seed->setValue(int(std::min<uint64_t>(seed, uint64_t(std::numeric_limits<int>::max()))));
}

int ControlBar::speed() const { return speedscale::stepsPerSecond(m_speed->value()); }

QString ControlBar::scenarioName() const { return m_scenario->currentData().toString(); }

std::optional<Scenario> ControlBar::scenario(QString* error) const
{
    ScenarioResult loaded = loadScenario(scenarioName().toStdString());
    if (!loaded.ok()) {
        if (error)
            *error = QString::fromStdString(loaded.error.toString());
        return std::nullopt;
    }
    return loaded.scenario;
}

ScenarioOverrides ControlBar::overrides() const
{
    ScenarioOverrides o;
    for (QAction* a : m_faultActions) {
        if (a->isChecked())
            o.faults.push_back(FaultId(a->data().toInt()));
    }
    o.allocator = AllocatorKind(m_allocator->currentData().toInt());
    o.cpus = unsigned(m_cpus->value());
    o.seed = uint64_t(m_seed->value());
    return o;
}

void ControlBar::setRunning(bool running)
{
    m_play->setText(running ? tr("Pause") : tr("Play"));
}

void ControlBar::setCanStepBack(bool can) { m_stepBack->setEnabled(can); }

} // namespace racescope::ui
