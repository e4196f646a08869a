#pragma once
// The racescope GUI's command line, parsed into a value so tests can check it without
// starting the application:
//   racescope [--scenario S] [--fault ID]... [--seed N] [--speed X] [--run-to-oops]
//             [--screenshot FILE [--after-steps N]]
// QApplication's own options (-platform, -style, ...) are accepted and left to it.

#include "faults/fault.h"

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace racescope::ui {

struct LaunchOptions {
    QString scenario = QStringLiteral("seed");
    std::vector<FaultId> faults;
    std::optional<uint64_t> seed;
    std::optional<int> speed; // steps per second, 0 = as fast as possible
    bool runToOops = false;
    QString screenshot;                 // empty: no screenshot
    std::optional<uint64_t> afterSteps; // with --screenshot
    bool platformOption = false;        // -platform given: Qt's plugin decides, not the environment
    // The size in Qt's -qwindowgeometry WxH[+X+Y]: Qt applies it only after the window is
    // shown, too late for the docks to be sized for it.
    std::optional<QSize> windowSize;
};

struct LaunchParse {
    std::optional<LaunchOptions> options; // nullopt on error or --help/--version
    QString error;                        // for stderr; exit status 2
    QString output;                       // help or version text; exit status 0
};

// `arguments` begins with the program name, as QCoreApplication::arguments() does.
LaunchParse parseLaunchOptions(const QStringList& arguments);

// What the window will be shown on, as the environment and -platform say.
struct DisplayEnvironment {
    QString qpaPlatform;    // QT_QPA_PLATFORM
    QString display;        // DISPLAY (X11)
    QString waylandDisplay; // WAYLAND_DISPLAY
};

// Why no window can open, or empty when one can. Without a display QApplication aborts with
// "Reinstalling the application may fix this problem", which it would not.
QString missingDisplay(const LaunchOptions& options, const DisplayEnvironment& environment);

} // namespace racescope::ui
