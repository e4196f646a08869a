// core/memory/memory.h names a local `slots`, which Qt defines as a macro: core headers come
// before any Qt header in this file.
#include "scenario/scenario.h"

#include "mainwindow/launchoptions.h"


#include <QCommandLineParser>
#include <QRegularExpression>

#include <limits>

namespace racescope::ui {

namespace {
// QApplication's own options, taken out of argv when it is built: parsed here only so that
// they are not refused, and left for it. Each has a value.
constexpr const char* kQtOptions[] = {"platform", "platformpluginpath", "platformtheme", "plugin", "style",
                                      "stylesheet", "qwindowgeometry", "qwindowtitle", "qwindowicon", "display",
                                      "session"};

std::optional<uint64_t> toNumber(const QString& text)
{
    bool ok = false;
    const qulonglong value = text.toULongLong(&ok, 10);
    return ok ? std::optional<uint64_t>(value) : std::nullopt;
}
} // namespace

LaunchParse parseLaunchOptions(const QStringList& arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("RaceScope: watch the 2009 fsnotify/SRCU race happen, step by step."));
    // Qt's options come with one dash (-platform offscreen), which would otherwise be read as
    // the short options p, l, a, t, f, o, r, m.
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // Not addHelpOption(): its --help-all lists Qt's options from a QApplication, which does
    // not exist yet (see main.cpp).
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption helpAll(QStringLiteral("help-all"), QStringLiteral("Show this help and Qt's options."));
    p.addOption(help);
    p.addOption(helpAll);
    for (const char* name : kQtOptions) {
        QCommandLineOption qt(QString::fromLatin1(name), QString(), QStringLiteral("value"));
        qt.setFlags(QCommandLineOption::HiddenFromHelp);
        p.addOption(qt);
    }
    QCommandLineOption reverse(QStringLiteral("reverse"), QString());
    reverse.setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOption(reverse);
    p.addOptions({
        {QStringLiteral("scenario"), QStringLiteral("A built-in scenario (default: seed) or a JSON file."),
         QStringLiteral("S")},
        {QStringLiteral("fault"), QStringLiteral("Switch on a fault (repeatable); see `racescope-cli faults`."),
         QStringLiteral("ID")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the random scheduler."), QStringLiteral("N")},
        {QStringLiteral("speed"), QStringLiteral("Steps per second while playing; 0 or max: as fast as possible."),
         QStringLiteral("X")},
        {QStringLiteral("run-to-oops"), QStringLiteral("Start running at once, as fast as possible, until the oops.")},
        {QStringLiteral("screenshot"),
         QStringLiteral("Save the window as a PNG once the run stopped (oops, end, or --after-steps), then exit."),
         QStringLiteral("FILE")},
        {QStringLiteral("after-steps"), QStringLiteral("With --screenshot: take it after N steps."), QStringLiteral("N")},
    });

    LaunchParse result;
    if (!p.parse(arguments)) {
        result.error = p.errorText();
        return result;
    }
    if (p.isSet(help) || p.isSet(helpAll)) {
        // Qt names the program by its path, or "<executable_name>" before QApplication exists.
        result.output = p.helpText();
        const qsizetype end = result.output.indexOf(QStringLiteral(" [options]"));
        if (result.output.startsWith(QStringLiteral("Usage: ")) && end > 0)
            result.output.replace(7, end - 7, QStringLiteral("racescope"));
        if (p.isSet(helpAll)) {
            result.output += QStringLiteral("\nQt's options, passed on to QApplication:\n");
            for (const char* name : kQtOptions)
                result.output += QStringLiteral("  -%1 <value>\n").arg(QString::fromLatin1(name));
            result.output += QStringLiteral("  -reverse\n");
        }
        return result;
    }
    if (!p.positionalArguments().isEmpty()) {
        result.error = QStringLiteral("unexpected argument '%1'").arg(p.positionalArguments().first());
        return result;
    }
    LaunchOptions o;
    if (p.isSet(QStringLiteral("scenario")))
        o.scenario = p.value(QStringLiteral("scenario"));
    const ScenarioResult loaded = loadScenario(o.scenario.toStdString());
    if (!loaded.ok()) {
        result.error = QString::fromStdString(loaded.error.toString());
        return result;
    }
    for (const QString& name : p.values(QStringLiteral("fault"))) {
        const std::optional<FaultId> id = faultFromName(name.toStdString());
        if (!id) {
            result.error = QStringLiteral("unknown fault '%1' (see `racescope-cli faults`)").arg(name);
            return result;
        }
        o.faults.push_back(*id);
    }
    if (p.isSet(QStringLiteral("seed"))) {
        o.seed = toNumber(p.value(QStringLiteral("seed")));
        if (!o.seed || *o.seed > uint64_t(std::numeric_limits<int>::max())) {
            result.error = QStringLiteral("--seed expects an integer from 0 to %1, not '%2'")
                               .arg(std::numeric_limits<int>::max())
                               .arg(p.value(QStringLiteral("seed")));
            return result;
        }
    }
    if (p.isSet(QStringLiteral("speed"))) {
        const QString text = p.value(QStringLiteral("speed"));
        const std::optional<uint64_t> n = text == QStringLiteral("max") ? std::optional<uint64_t>(0) : toNumber(text);
        if (!n || *n > 100000000) {
            result.error = QStringLiteral("--speed expects steps per second (0 or max: as fast as possible), not '%1'")
                               .arg(text);
            return result;
        }
        o.speed = int(*n);
    }
    o.platformOption = p.isSet(QStringLiteral("platform"));
    if (p.isSet(QStringLiteral("qwindowgeometry"))) {
        // X11's geometry syntax; only the size is ours to use. A position alone is Qt's.
        const QString text = p.value(QStringLiteral("qwindowgeometry"));
        static const QRegularExpression size(QStringLiteral("^(\\d{1,5})x(\\d{1,5})(?:[+-]\\d+[+-]\\d+)?$"));
        static const QRegularExpression position(QStringLiteral("^[+-]\\d+[+-]\\d+$"));
        const QRegularExpressionMatch m = size.match(text);
        if (m.hasMatch() && m.captured(1).toInt() > 0 && m.captured(2).toInt() > 0) {
            o.windowSize = QSize(m.captured(1).toInt(), m.captured(2).toInt());
        } else if (!position.match(text).hasMatch()) {
            result.error = QStringLiteral("-qwindowgeometry expects WIDTHxHEIGHT[+X+Y], such as 1280x720, not '%1'")
                               .arg(text);
            return result;
        }
    }
    o.runToOops = p.isSet(QStringLiteral("run-to-oops"));
    o.screenshot = p.value(QStringLiteral("screenshot"));
    if (p.isSet(QStringLiteral("after-steps"))) {
        if (o.screenshot.isEmpty()) {
            result.error = QStringLiteral("--after-steps needs --screenshot");
            return result;
        }
        o.afterSteps = toNumber(p.value(QStringLiteral("after-steps")));
        if (!o.afterSteps) {
            result.error = QStringLiteral("--after-steps expects a number of steps, not '%1'")
                               .arg(p.value(QStringLiteral("after-steps")));
            return result;
        }
    }
    result.options = o;
    return result;
}

QString missingDisplay(const LaunchOptions& options, const DisplayEnvironment& environment)
{
    if (options.platformOption || !environment.qpaPlatform.isEmpty() || !environment.display.isEmpty() ||
        !environment.waylandDisplay.isEmpty())
        return {};
    return QStringLiteral("no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset): run it under "
                          "xvfb-run, or with -platform offscreen for --screenshot; racescope-cli runs without one");
}

} // namespace racescope::ui
