// core/memory/memory.h names a local `slots`, which Qt defines as a macro: the window (and
// with it the core) comes before any Qt header.
#include "mainwindow/mainwindow.h"

#include "gui/screenshotter.h"

#include <QCoreApplication>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

namespace {
// Long enough for the last queued frame to reach every view and for them to repaint.
constexpr int kSettleMs = 400;
constexpr int kTimeLimitMs = 120000;
} // namespace

using racescope::ui::SimulationController;

Screenshotter::Screenshotter(racescope::ui::MainWindow* window, QString file, bool waitForRun)
    : QObject(window), m_window(window), m_file(std::move(file))
{
    SimulationController* c = window->controller();
    if (waitForRun) {
        connect(c, &SimulationController::oopsed, this, &Screenshotter::settle);
        connect(c, &SimulationController::finished, this, &Screenshotter::settle);
        connect(c, &SimulationController::runningChanged, this, [this](bool running) {
            if (!running)
                settle();
        });
    } else {
        connect(c, &SimulationController::frameReady, this, &Screenshotter::settle);
    }
    QTimer::singleShot(kTimeLimitMs, this, [] {
        std::fprintf(stderr, "racescope: the run did not stop within %d s; no screenshot\n", kTimeLimitMs / 1000);
        QCoreApplication::exit(1);
    });
}

void Screenshotter::settle()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    QTimer::singleShot(kSettleMs, this, &Screenshotter::take);
}

void Screenshotter::take()
{
    const QPixmap pixmap = m_window->grab();
    if (!pixmap.save(m_file, "PNG")) {
        std::fprintf(stderr, "racescope: cannot write %s\n", qPrintable(m_file));
        QCoreApplication::exit(1);
        return;
    }
    std::printf("racescope: saved %s (%dx%d)\n", qPrintable(m_file), pixmap.width(), pixmap.height());
    QCoreApplication::exit(0);
}
