// core/memory/memory.h names a local `slots`, which Qt defines as a macro: core headers come
// before any Qt header in this file.
#include "scenario/scenario.h"

#include "mainwindow/startpanel.h"


#include <QCommandLinkButton>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace racescope::ui {

std::vector<StartEntry> startEntries()
{
    std::vector<StartEntry> entries;
    entries.push_back({QStringLiteral("seed"), {FaultId::EarlyFree}, QObject::tr("Reproduce the 2009 oops"),
                       QObject::tr("The seed scenario with early-free: fsnotify_put_group frees a group while a "
                                   "reader still stands on it, and fsnotify() oopses at fsnotify+0x93 as in "
                                   "Grant Wilson's report."),
                       true});
    for (const BuiltinScenario& b : builtinScenarios()) {
        const ScenarioResult loaded = loadScenario(std::string(b.name));
        if (!loaded.ok())
            continue;
        const Scenario& s = *loaded.scenario;
        // The seed's own title promises the oops, which it only keeps with the fault on.
        const QString title = s.name == "seed" ? QObject::tr("The same machine, correct kernel: no oops (seed)")
                                               : QStringLiteral("%1 (%2)").arg(QString::fromStdString(s.title),
                                                                               QString::fromStdString(s.name));
        entries.push_back({QString::fromStdString(s.name), {}, title, QString::fromStdString(s.description), false});
    }
    return entries;
}

StartPanel::StartPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("<b>Start here.</b> Each line loads a machine and plays it; the controls above "
                                "change its settings."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_intro = intro;
    // The lines scroll: laid out whole, they made the window taller than a 720-pixel
    // projector or laptop screen, and pushed the status line off it.
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("startEntries"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    auto* list = new QWidget(scroll);
    m_lines = list;
    auto* lines = new QVBoxLayout(list);
    lines->setContentsMargins(0, 0, 0, 0);
    for (const StartEntry& entry : startEntries()) {
        auto* button = new QCommandLinkButton(entry.title, list);
        button->setObjectName(QStringLiteral("start-%1%2").arg(entry.scenario, entry.faults.empty() ? "" : "-faulty"));
        // The description goes in the tooltip: a paragraph per line would bury the list.
        button->setToolTip(entry.description);
        lines->addWidget(button);
        connect(button, &QCommandLinkButton::clicked, this, [this, entry] { emit entryChosen(entry); });
    }
    lines->addStretch(1);
    scroll->setWidget(list);
    layout->addWidget(scroll, 1);
}

QSize StartPanel::sizeHint() const
{
    const QMargins m = layout()->contentsMargins();
    const int height = m.top() + m_intro->sizeHint().height() + layout()->spacing() + m_lines->sizeHint().height() +
                       m.bottom();
    return {QWidget::sizeHint().width(), height};
}

} // namespace racescope::ui
