// The assembled window, offscreen: every built-in scenario opens, the start panel's first
// line reproduces the oops, the control bar drives the simulation, the layout survives a
// save and restore, and the racescope command line parses as documented.

#include "scenario/scenario.h"

#include "mainwindow/controlbar.h"
#include "mainwindow/launchoptions.h"
#include "mainwindow/mainwindow.h"
#include "lanes/cpulanesview.h"
#include "mainwindow/startpanel.h"
#include "mainwindow/statusline.h"
#include "panels/kernellog.h"
#include "panels/sourcepanel.h"
#include "panels/srcupanel.h"

#include <QAction>
#include <QCommandLinkButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QDockWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QFile>
#include <QSize>
#include <QTest>
#include <QToolBar>

using namespace racescope;
using namespace racescope::ui;

namespace {
constexpr int kWaitMs = 10000;

bool waitForStep(const MainWindow& w, uint64_t step)
{
    return QTest::qWaitFor(
        [&] {
            const SimFrame& f = w.controller()->lastFrame();
            return f.snapshot && f.snapshot->step == step;
        },
        kWaitMs);
}
} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void aScenarioFileStaysSelectedWhenASettingChanges()
    {
        // A user's file, here the seed scenario under another name.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("mine.json"));
        std::string json;
        for (const BuiltinScenario& b : builtinScenarios()) {
            if (b.name == "seed")
                json = std::string(b.json);
        }
        const size_t at = json.find("\"name\": \"seed\"");
        QVERIFY(at != std::string::npos);
        json.replace(at, 14, "\"name\": \"mine\"");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json.data(), qint64(json.size()));
        file.close();

        MainWindow w;
        ControlBar* bar = w.controlBar();
        QVERIFY(bar->selectScenario(path));
        QCOMPARE(bar->scenarioName(), path);
        bar->setSeed(7);
        const std::optional<Scenario> s = bar->scenario();
        QVERIFY(s.has_value());
        QCOMPARE(QString::fromStdString(s->name), QStringLiteral("mine"));
        QCOMPARE(bar->overrides().seed.value_or(0), uint64_t(7));
        QVERIFY(!bar->selectScenario(dir.filePath(QStringLiteral("missing.json"))));
        QCOMPARE(bar->scenarioName(), path);
    }

    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("RaceScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QVERIFY(m_dir.isValid());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    }

    void opensWithTheSeedAndTheStartPanel()
    {
        MainWindow w;
        w.show();
        QVERIFY(waitForStep(w, 0));
        QCOMPARE(w.controller()->scenario()->name, std::string("seed"));
        QVERIFY(w.startDock()->isVisible());
        QVERIFY(w.controller()->overrides().faults.empty());
    }

    void opensEachBuiltinScenario_data()
    {
        QTest::addColumn<QString>("name");
        for (const BuiltinScenario& b : builtinScenarios())
            QTest::newRow(std::string(b.name).c_str()) << QString::fromUtf8(b.name.data(), qsizetype(b.name.size()));
    }
    void opensEachBuiltinScenario()
    {
        QFETCH(QString, name);
        MainWindow w;
        w.show();
        QVERIFY(waitForStep(w, 0));
        QVERIFY(w.controlBar()->selectScenario(name));
        QVERIFY(QTest::qWaitFor([&] { return w.controller()->scenario()->name == name.toStdString(); }, kWaitMs));
        const Scenario expected = *loadScenario(name.toStdString()).scenario;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const SimFrame& f = w.controller()->lastFrame();
                return f.snapshot && f.snapshot->tasks.size() == expected.world.tasks.size() &&
                       f.snapshot->cpus.size() == expected.world.cpus;
            },
            kWaitMs));
        // A few steps through every panel must not crash.
        w.controller()->step(20);
        QVERIFY(waitForStep(w, 20));
        QCOMPARE(w.srcuPanel()->table().counters.size(), size_t(expected.world.cpus));
    }

    void startPanelReproducesTheOops()
    {
        MainWindow w;
        w.show();
        QVERIFY(waitForStep(w, 0));
        const std::vector<StartEntry> entries = startEntries();
        QVERIFY(!entries.empty());
        QCOMPARE(entries.front().title, QStringLiteral("Reproduce the 2009 oops"));
        QSignalSpy oopsed(w.controller(), &SimulationController::oopsed);
        w.startEntry(entries.front());
        QVERIFY(oopsed.wait(kWaitMs));
        QTRY_VERIFY_WITH_TIMEOUT(
            w.kernelLog()->text().contains(QStringLiteral("BUG: unable to handle kernel NULL pointer dereference")),
            kWaitMs);
        QVERIFY(w.kernelLog()->text().contains(QStringLiteral("fsnotify+0x93")));
        QVERIFY(w.kernelLog()->oopsSummary().contains(QStringLiteral("KERNEL OOPS")));
        QTRY_COMPARE(w.statusLine()->statusText().trimmed(), QStringLiteral("OOPS"));
        // The explanation follows the report; each of its links with a step selects it.
        QVERIFY(w.kernelLog()->text().contains(QStringLiteral("why it crashed")));
        QVERIFY(w.kernelLog()->text().contains(QStringLiteral("no grace period separated the eviction")));
        const QStringList lines = w.kernelLog()->text().split(QLatin1Char('\n'));
        int link = -1;
        for (int i = 0; i < lines.size() && link < 0; ++i) {
            if (lines[i].contains(QStringLiteral("was freed by")))
                link = i;
        }
        QVERIFY(link >= 0);
        const int64_t freeStep = w.kernelLog()->stepAtLine(link);
        QVERIFY(freeStep > 0);
        QVERIFY(lines[link].contains(QStringLiteral("[step %1]").arg(freeStep)));
        QSignalSpy selected(w.kernelLog(), &KernelLog::stepSelected);
        w.kernelLog()->activateLine(link);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.first().at(0).toULongLong(), quint64(freeStep));
        auto* lanes = w.findChild<CpuLanesView*>();
        QVERIFY(lanes);
        const LaneGeometry g = lanes->geometry();
        QVERIFY2(std::abs((g.first + g.last) / 2 - double(freeStep)) <= g.span() / 2,
                 qPrintable(QString("%1..%2").arg(g.first).arg(g.last)));
        QVERIFY(!w.startDock()->isVisible());
        // The faulting line of our listing is marked: fsnotify's load of ->next.
        bool marked = false;
        for (const ListingBlock& b : w.sourcePanel()->listing().blocks) {
            for (const ListingLine& l : b.lines)
                marked = marked || (l.oops && b.function == FunctionId::fsnotify);
        }
        QVERIFY(marked);
    }

    void noFaultNoOops()
    {
        MainWindow w;
        w.show();
        QVERIFY(waitForStep(w, 0));
        w.controller()->runUntil(3000);
        QVERIFY(waitForStep(w, 3000));
        QVERIFY(!w.kernelLog()->text().contains(QStringLiteral("BUG:")));
        QVERIFY(w.kernelLog()->text().contains(QStringLiteral("grace period")));
    }

    void buttonsDriveTheCore()
    {
        MainWindow w;
        w.show();
        QVERIFY(waitForStep(w, 0));
        QSignalSpy frames(w.controller(), &SimulationController::frameReady);
        QSignalSpy running(w.controller(), &SimulationController::runningChanged);

        w.controlBar()->stepAction()->trigger();
        QVERIFY(waitForStep(w, 1));
        w.controlBar()->stepAction()->trigger();
        QVERIFY(waitForStep(w, 2));
        QCOMPARE(w.statusLine()->stepText(), QStringLiteral("step 2"));

        w.controlBar()->stepCpuAction()->trigger();
        QVERIFY(waitForStep(w, 3));

        w.controlBar()->setSpeed(1000);
        w.controlBar()->playAction()->trigger();
        QVERIFY(running.wait(kWaitMs));
        QCOMPARE(running.last().at(0).toBool(), true);
        QCOMPARE(w.controlBar()->playAction()->text(), QStringLiteral("Pause"));
        QVERIFY(QTest::qWaitFor([&] { return w.controller()->lastFrame().snapshot->step > 10; }, kWaitMs));
        w.controlBar()->playAction()->trigger();
        QVERIFY(QTest::qWaitFor([&] { return !w.controller()->isRunning(); }, kWaitMs));
        QCOMPARE(w.controlBar()->playAction()->text(), QStringLiteral("Play"));
        QCOMPARE(w.statusLine()->statusText(), QStringLiteral("paused"));

        w.controlBar()->resetAction()->trigger();
        QVERIFY(waitForStep(w, 0));
        QVERIFY(w.controller()->lastFrame().reset);
        QVERIFY(!w.controlBar()->stepBackAction()->isEnabled());
        QVERIFY(!w.controlBar()->stepBackAction()->toolTip().isEmpty());
    }

    void keyboardStepsAndResets()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitForStep(w, 0));
        QTest::keyClick(&w, Qt::Key_Right);
        QVERIFY(waitForStep(w, 1));
        QTest::keyClick(&w, Qt::Key_Home);
        QVERIFY(waitForStep(w, 0));
        QSignalSpy running(w.controller(), &SimulationController::runningChanged);
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(running.wait(kWaitMs));
        QCOMPARE(running.last().at(0).toBool(), true);
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(QTest::qWaitFor([&] { return !w.controller()->isRunning(); }, kWaitMs));
    }

    void leftStepsBackAndDoesNothingAtStepZero()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(waitForStep(w, 0));
        QAction* back = w.controlBar()->stepBackAction();
        QVERIFY(!back->isEnabled());
        QCOMPARE(back->shortcut(), QKeySequence(Qt::Key_Left));
        QVERIFY(back->toolTip().contains(QStringLiteral("Left")));
        QSignalSpy frames(w.controller(), &SimulationController::frameReady);
        QTest::keyClick(&w, Qt::Key_Left);
        QTest::qWait(300);
        QCOMPARE(frames.count(), 0);
        QCOMPARE(w.controller()->lastFrame().snapshot->step, uint64_t(0));

        for (uint64_t step = 1; step <= 3; ++step) {
            QTest::keyClick(&w, Qt::Key_Right);
            QVERIFY(waitForStep(w, step));
        }
        const uint64_t atThree = w.controller()->lastFrame().stateHash;
        QVERIFY(back->isEnabled());
        QTest::keyClick(&w, Qt::Key_Left);
        QVERIFY(waitForStep(w, 2));
        QVERIFY(w.controller()->lastFrame().rewound);
        QCOMPARE(w.statusLine()->stepText(), QStringLiteral("step 2"));
        back->trigger(); // the button does what the key does
        QVERIFY(waitForStep(w, 1));
        QTest::keyClick(&w, Qt::Key_Right);
        QTest::keyClick(&w, Qt::Key_Right);
        QVERIFY(waitForStep(w, 3));
        QCOMPARE(w.controller()->lastFrame().stateHash, atThree);
        for (uint64_t step = 3; step-- > 0;) {
            QTest::keyClick(&w, Qt::Key_Left);
            QVERIFY(waitForStep(w, step));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!back->isEnabled(), kWaitMs);
    }

    void stepBackFromTheOopsClearsItFromThePanels()
    {
        MainWindow w;
        w.show();
        QVERIFY(waitForStep(w, 0));
        QSignalSpy oopsed(w.controller(), &SimulationController::oopsed);
        w.startEntry(startEntries().front());
        QVERIFY(oopsed.wait(kWaitMs));
        QTRY_VERIFY_WITH_TIMEOUT(w.kernelLog()->text().contains(QStringLiteral("BUG:")), kWaitMs);
        const uint64_t crash = w.controller()->lastFrame().snapshot->step;
        const QString logBefore = w.kernelLog()->text();
        w.controlBar()->stepBackAction()->trigger();
        QVERIFY(waitForStep(w, crash - 1));
        QTRY_VERIFY_WITH_TIMEOUT(!w.kernelLog()->text().contains(QStringLiteral("BUG:")), kWaitMs);
        QVERIFY(w.kernelLog()->oopsSummary().isEmpty());
        QVERIFY(w.statusLine()->statusText().trimmed() != QStringLiteral("OOPS"));
        // The log was rebuilt from the events of the run up to here: the groups' lines are back.
        QVERIFY(w.kernelLog()->text().contains(QStringLiteral("added to fsnotify_groups")));
        QVERIFY(logBefore.startsWith(w.kernelLog()->text().section(QLatin1Char('\n'), 0, 2)));
        w.controlBar()->stepAction()->trigger();
        QVERIFY(oopsed.wait(kWaitMs));
        QTRY_VERIFY_WITH_TIMEOUT(w.kernelLog()->text().contains(QStringLiteral("BUG:")), kWaitMs);
    }

    void settingsReloadWithOverrides()
    {
        MainWindow w;
        w.show();
        QVERIFY(waitForStep(w, 0));
        w.controlBar()->setFaults({FaultId::EarlyFree});
        QVERIFY(QTest::qWaitFor([&] { return w.controller()->overrides().faults.size() == 1; }, kWaitMs));
        QCOMPARE(w.controller()->overrides().faults.front(), FaultId::EarlyFree);
        w.controlBar()->setSeed(7);
        QVERIFY(QTest::qWaitFor([&] { return w.controller()->overrides().seed == uint64_t(7); }, kWaitMs));
    }

    void everyControlHasATooltip()
    {
        MainWindow w;
        for (QToolBar* bar : {w.controlBar()->settingsBar(), w.controlBar()->runBar()}) {
            for (QWidget* child : bar->findChildren<QWidget*>()) {
                if (child->parentWidget() != bar || !child->isVisibleTo(bar))
                    continue;
                const bool isControl = child->inherits("QAbstractButton") || child->inherits("QComboBox") ||
                                       child->inherits("QAbstractSpinBox") || child->inherits("QSlider");
                if (isControl)
                    QVERIFY2(!child->toolTip().isEmpty(),
                             qPrintable(child->objectName() + " " + child->metaObject()->className()));
            }
            for (QAction* a : bar->actions()) {
                if (!a->isSeparator() && !a->text().isEmpty())
                    QVERIFY2(a->toolTip() != a->text().remove(QLatin1Char('&')), qPrintable(a->text()));
            }
        }
    }

    void everyControlFitsANarrowWindow_data()
    {
        QTest::addColumn<int>("width");
        QTest::newRow("1600 (the default)") << 1600;
        QTest::newRow("1366 (a laptop)") << 1366;
        QTest::newRow("1280 (a projector)") << 1280;
        QTest::newRow("1024") << 1024;
    }

    void everyControlFitsANarrowWindow()
    {
        // Tool bars that share a row are squeezed, and what does not fit goes behind an
        // extension button: at 1366 pixels that was the speed slider.
        QFETCH(int, width);
        MainWindow w;
        w.resize(width, 760);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.controlBar()->setFaults({FaultId::EarlyFree, FaultId::ListDelNotRcu}); // a wider fault button
        QTest::qWait(50); // the layout settles through posted events
        for (QToolBar* bar : {w.controlBar()->settingsBar(), w.controlBar()->runBar()}) {
            QVERIFY2(bar->geometry().right() < w.width(), qPrintable(bar->objectName()));
            for (QAction* a : bar->actions()) {
                QWidget* shown = bar->widgetForAction(a);
                QVERIFY2(shown && shown->isVisible(), qPrintable(bar->objectName() + ": " + a->text()));
                QVERIFY2(shown->geometry().right() <= bar->width(), qPrintable(bar->objectName() + ": " + a->text()));
            }
            const auto* extension = bar->findChild<QWidget*>(QStringLiteral("qt_toolbar_ext_button"));
            QVERIFY2(!extension || !extension->isVisible(), qPrintable(bar->objectName() + " overflows"));
        }
        QVERIFY(w.controlBar()->runBar()->findChild<QWidget*>(QStringLiteral("speed"))->isVisible());
    }

    void startPanelTitlesFitItsWidth()
    {
        // A narrow panel used to scroll sideways, its titles cut off at the edge.
        StartPanel panel;
        panel.resize(260, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const std::vector<StartEntry> entries = startEntries();
        const QList<QCommandLinkButton*> buttons = panel.findChildren<QCommandLinkButton*>();
        QCOMPARE(size_t(buttons.size()), entries.size());
        const auto* scroll = panel.findChild<QScrollArea*>(QStringLiteral("startEntries"));
        QVERIFY(scroll);
        QTest::qWait(20); // the titles' new size hints reach the layout through posted events
        QVERIFY(!scroll->horizontalScrollBar()->isVisible());
        int elided = 0;
        for (size_t i = 0; i < entries.size(); ++i) {
            const QCommandLinkButton* b = buttons[qsizetype(i)];
            QVERIFY2(b->sizeHint().width() <= scroll->viewport()->width(), qPrintable(b->text()));
            if (b->text() == entries[i].title)
                continue;
            ++elided;
            QVERIFY2(b->text().endsWith(QChar(0x2026)), qPrintable(b->text()));
            QVERIFY(b->toolTip().contains(entries[i].title.toHtmlEscaped()));
        }
        QVERIFY(elided > 0);
        panel.resize(900, 400);
        for (size_t i = 0; i < entries.size(); ++i)
            QCOMPARE(buttons[qsizetype(i)]->text(), entries[i].title);
    }

    void theWindowFitsA720PixelScreen()
    {
        // With the start panel open, its thirteen lines used to hold the window 889 pixels
        // tall, and four plots 760: the status line fell off a 1280x720 screen.
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.startDock()->isVisible());
        const int titleBarAndPanel = 70;
        QVERIFY2(w.minimumSizeHint().height() <= 720 - titleBarAndPanel,
                 qPrintable(QString::number(w.minimumSizeHint().height())));
        QVERIFY2(w.minimumSizeHint().width() <= 1024, qPrintable(QString::number(w.minimumSizeHint().width())));
    }

    void docksAreSizedForTheWindowAsItOpens_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1600x1000") << QSize(1600, 1000);
        QTest::newRow("1366x768") << QSize(1366, 768);
        QTest::newRow("1280x720") << QSize(1280, 720);
    }

    void docksAreSizedForTheWindowAsItOpens()
    {
        // Fixed sizes made for 1600x1000 gave a smaller window a narrow left column and a
        // short strip of lanes above a tall kernel log.
        QFETCH(QSize, size);
        MainWindow w;
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.size(), size);
        const auto* lanes = w.findChild<QDockWidget*>(QStringLiteral("lanesDock"));
        const auto* log = w.findChild<QDockWidget*>(QStringLiteral("kernelLogDock"));
        const double left = double(w.startDock()->width()) / size.width();
        QVERIFY2(left > 0.24 && left < 0.31, qPrintable(QString::number(left)));
        QVERIFY2(lanes->height() >= log->height(), qPrintable(QStringLiteral("lanes %1, kernel log %2")
                                                                  .arg(lanes->height())
                                                                  .arg(log->height())));
    }

    void layoutRoundTrip()
    {
        QSettings settings(m_dir.filePath(QStringLiteral("layout.ini")), QSettings::IniFormat);
        {
            MainWindow w;
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QDockWidget* srcu = w.findChild<QDockWidget*>(QStringLiteral("srcuDock"));
            QVERIFY(srcu);
            QVERIFY(srcu->isVisible());
            srcu->hide();
            w.startDock()->hide();
            w.saveLayout(settings);
        }
        settings.sync();
        MainWindow restored;
        QVERIFY(restored.restoreLayout(settings));
        restored.show();
        QVERIFY(QTest::qWaitForWindowExposed(&restored));
        QVERIFY(!restored.findChild<QDockWidget*>(QStringLiteral("srcuDock"))->isVisible());
        QVERIFY(!restored.startDock()->isVisible());
        QVERIFY(restored.findChild<QDockWidget*>(QStringLiteral("kernelLogDock"))->isVisible());
        // Every dock has a name, or saveState could not find it again.
        for (QDockWidget* d : restored.findChildren<QDockWidget*>())
            QVERIFY(!d->objectName().isEmpty());
    }

    void launchOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("ok");
        QTest::newRow("defaults") << QStringList{} << true;
        QTest::newRow("everything") << QStringList{"--scenario", "seed", "--fault", "early-free", "--fault",
                                                   "wrong-flavor", "--seed", "9", "--speed", "max", "--run-to-oops",
                                                   "--screenshot", "x.png", "--after-steps", "100"}
                                    << true;
        QTest::newRow("unknown fault") << QStringList{"--fault", "nope"} << false;
        QTest::newRow("unknown scenario") << QStringList{"--scenario", "nope"} << false;
        QTest::newRow("bad seed") << QStringList{"--seed", "-1"} << false;
        QTest::newRow("bad speed") << QStringList{"--speed", "fast"} << false;
        QTest::newRow("after-steps alone") << QStringList{"--after-steps", "5"} << false;
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << false;
        QTest::newRow("positional") << QStringList{"seed"} << false;
        // QApplication's own options, with one dash or two, are left for it.
        QTest::newRow("qt platform") << QStringList{"-platform", "offscreen", "--scenario", "calm"} << true;
        QTest::newRow("qt style") << QStringList{"--style", "fusion", "-reverse"} << true;
        QTest::newRow("qt option without its value") << QStringList{"-platform"} << false;
        QTest::newRow("window size") << QStringList{"-qwindowgeometry", "1280x720"} << true;
        QTest::newRow("window size and place") << QStringList{"-qwindowgeometry", "1280x720+0+0"} << true;
        QTest::newRow("window place only") << QStringList{"-qwindowgeometry", "+10-20"} << true;
        QTest::newRow("window size not a size") << QStringList{"-qwindowgeometry", "big"} << false;
        QTest::newRow("window size zero") << QStringList{"-qwindowgeometry", "0x720"} << false;
    }
    void launchOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, ok);
        const LaunchParse p = parseLaunchOptions(QStringList{QStringLiteral("racescope")} + args);
        QCOMPARE(p.options.has_value(), ok);
        QCOMPARE(p.error.isEmpty(), ok);
    }
    void missingDisplayIsNamed_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("platform");
        QTest::addColumn<QString>("display");
        QTest::addColumn<QString>("wayland");
        QTest::addColumn<bool>("opens");
        QTest::newRow("nothing") << QStringList{} << "" << "" << "" << false;
        QTest::newRow("X11") << QStringList{} << "" << ":0" << "" << true;
        QTest::newRow("Wayland") << QStringList{} << "" << "" << "wayland-0" << true;
        QTest::newRow("QT_QPA_PLATFORM") << QStringList{} << "offscreen" << "" << "" << true;
        QTest::newRow("-platform") << QStringList{"-platform", "offscreen"} << "" << "" << "" << true;
        QTest::newRow("--platform") << QStringList{"--platform", "offscreen"} << "" << "" << "" << true;
        QTest::newRow("a file named -platform is not the option")
            << QStringList{"--screenshot", "-platform.png"} << "" << "" << "" << false;
    }
    void missingDisplayIsNamed()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, platform);
        QFETCH(QString, display);
        QFETCH(QString, wayland);
        QFETCH(bool, opens);
        const LaunchParse parsed = parseLaunchOptions(QStringList{"racescope"} + args);
        QVERIFY2(parsed.options, qPrintable(parsed.error));
        const QString why = missingDisplay(*parsed.options, {platform, display, wayland});
        QCOMPARE(why.isEmpty(), opens);
        if (!opens)
            QVERIFY2(why.contains("xvfb-run") && why.contains("DISPLAY"), qPrintable(why));
    }

    void windowSizeFromQtsGeometryOption()
    {
        const LaunchParse sized = parseLaunchOptions({"racescope", "-qwindowgeometry", "1366x768+0+0"});
        QVERIFY(sized.options);
        QCOMPARE(sized.options->windowSize, std::optional<QSize>(QSize(1366, 768)));
        const LaunchParse placed = parseLaunchOptions({"racescope", "-qwindowgeometry", "+10+10"});
        QVERIFY(placed.options);
        QVERIFY(!placed.options->windowSize);
        const LaunchParse bad = parseLaunchOptions({"racescope", "-qwindowgeometry", "1366*768"});
        QVERIFY(bad.error.contains(QStringLiteral("1366*768")));
    }

    void launchOptionValues()
    {
        const LaunchParse p = parseLaunchOptions({"racescope", "--fault", "early-free", "--fault", "slab-nope"});
        QVERIFY(!p.options);
        QVERIFY(p.error.contains(QStringLiteral("slab-nope")));
        const LaunchParse q = parseLaunchOptions(
            {"racescope", "--fault", "early-free", "--seed", "9", "--speed", "50", "--screenshot", "a.png"});
        QVERIFY(q.options);
        QCOMPARE(q.options->scenario, QStringLiteral("seed"));
        QCOMPARE(q.options->faults, std::vector<FaultId>{FaultId::EarlyFree});
        QCOMPARE(q.options->seed, std::optional<uint64_t>(9));
        QCOMPARE(q.options->speed, std::optional<int>(50));
        QCOMPARE(q.options->screenshot, QStringLiteral("a.png"));
        QVERIFY(!q.options->runToOops);
        QVERIFY(!q.options->afterSteps);
        const LaunchParse h = parseLaunchOptions({"racescope", "--help"});
        QVERIFY(!h.options);
        QVERIFY(h.error.isEmpty());
        QVERIFY(h.output.contains(QStringLiteral("--run-to-oops")));
        QVERIFY2(h.output.startsWith(QStringLiteral("Usage: racescope [options]\n")), qPrintable(h.output));
        QVERIFY2(!h.output.contains(QStringLiteral("-platform")), qPrintable(h.output));
        const LaunchParse all = parseLaunchOptions({"racescope", "--help-all"});
        QVERIFY(!all.options);
        QVERIFY(all.output.contains(QStringLiteral("--run-to-oops")));
        QVERIFY2(all.output.contains(QStringLiteral("-platform <value>")), qPrintable(all.output));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
