// racescope: the desktop application. Parses the command line, builds the main window,
// applies what was asked for, and optionally leaves a screenshot and exits.

// core/memory/memory.h names a local `slots`, which Qt defines as a macro: core headers come
// before any Qt header in this file.
#include "scenario/scenario.h"

#include "gui/screenshotter.h"

#include "mainwindow/controlbar.h"
#include "mainwindow/launchoptions.h"
#include "mainwindow/mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QGuiApplication>
#include <QScreen>
#include <QSettings>

#include <cstdio>

int main(int argc, char** argv)
{
    using namespace racescope;
    using namespace racescope::ui;
    // Parsed before QApplication exists: bad input must say so and exit 2 even where no
    // display can be opened (QApplication aborts there).
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const LaunchParse parsed = parseLaunchOptions(arguments);
    if (!parsed.output.isEmpty()) {
        std::fputs(qPrintable(parsed.output), stdout);
        return 0;
    }
    if (!parsed.options) {
        std::fprintf(stderr, "racescope: %s (see --help)\n", qPrintable(parsed.error));
        return 2;
    }
    const LaunchOptions& o = *parsed.options;
    const QString noDisplay =
        missingDisplay(o, {qEnvironmentVariable("QT_QPA_PLATFORM"), qEnvironmentVariable("DISPLAY"),
                           qEnvironmentVariable("WAYLAND_DISPLAY")});
    if (!noDisplay.isEmpty()) {
        std::fprintf(stderr, "racescope: %s\n", qPrintable(noDisplay));
        return 2;
    }

    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("RaceScope"));
    QCoreApplication::setApplicationName(QStringLiteral("racescope"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    MainWindow window;
    // A screenshot uses the default layout, so that it looks the same on every machine.
    bool restored = false;
    if (o.screenshot.isEmpty()) {
        QSettings settings;
        restored = window.restoreLayout(settings);
    }
    // Sized before it is shown, so that the docks are laid out for the size it opens at.
    if (o.windowSize)
        window.resize(*o.windowSize);
    else if (const QScreen* screen = QGuiApplication::primaryScreen(); screen && !restored && o.screenshot.isEmpty())
        window.resize(window.size().boundedTo(screen->availableGeometry().size())); // no screen: Qt's default
    ControlBar* bar = window.controlBar();
    {
        const QSignalBlocker block(bar); // one load below, not one per setting
        // Options were checked before the window opened, so a file here loads.
        bar->selectScenario(o.scenario);
        bar->setFaults(o.faults);
        if (o.seed)
            bar->setSeed(*o.seed);
    }
    window.loadFromControls();
    if (o.speed)
        bar->setSpeed(*o.speed);

    const bool run = o.runToOops || o.afterSteps;
    if (!o.screenshot.isEmpty())
        new Screenshotter(&window, o.screenshot, run);
    if (o.afterSteps)
        window.controller()->runUntil(*o.afterSteps);
    else if (o.runToOops)
        window.controller()->runToOops();
    if (run)
        window.startDock()->hide();
    window.show();
    return QApplication::exec();
}
