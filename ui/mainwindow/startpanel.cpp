// core/memory/memory.h names a local `slots`, which Qt defines as a macro: core headers come
// before any Qt header in this file.
#include "scenario/scenario.h"

#include "mainwindow/startpanel.h"


#include <QCommandLinkButton>
#include <QEvent>
#include <QFontMetrics>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

namespace racescope::ui {

namespace {
// The font QCommandLinkButton draws its title in (outside the Windows Vista style): the
// widget's, bold, at 9 points. Qt keeps it private.
QFont titleFont(const QWidget& button)
{
    QFont font = button.font();
    font.setBold(true);
    font.setPointSizeF(9.0);
    return font;
}
} // namespace

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
    m_scroll = scroll;
    scroll->setObjectName(QStringLiteral("startEntries"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
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
        m_entries.push_back({button, entry.title, entry.description});
        connect(button, &QCommandLinkButton::clicked, this, [this, entry] { emit entryChosen(entry); });
    }
    lines->addStretch(1);
    scroll->setWidget(list);
    layout->addWidget(scroll, 1);
    scroll->viewport()->installEventFilter(this);
}

bool StartPanel::eventFilter(QObject* watched, QEvent* event)
{
    // The viewport, not the panel: it narrows when the vertical scroll bar appears.
    if (watched == m_scroll->viewport() && event->type() == QEvent::Resize)
        fitTitles();
    return QWidget::eventFilter(watched, event);
}

void StartPanel::fitTitles()
{
    const int room = m_scroll->viewport()->width();
    for (const Line& line : m_entries) {
        // What the button needs besides its title (arrow icon, margins), from its own hint.
        line.button->setText(line.title);
        const QFontMetrics metrics(titleFont(*line.button));
        const int chrome = line.button->sizeHint().width() - metrics.horizontalAdvance(line.title);
        const QString shown = metrics.elidedText(line.title, Qt::ElideRight, std::max(0, room - chrome));
        line.button->setText(shown);
        line.button->setToolTip(shown == line.title ? line.description
                                                    : QStringLiteral("<b>%1</b><br>%2").arg(line.title.toHtmlEscaped(),
                                                                                             line.description.toHtmlEscaped()));
    }
}

QSize StartPanel::sizeHint() const
{
    const QMargins m = layout()->contentsMargins();
    const int height = m.top() + m_intro->sizeHint().height() + layout()->spacing() + m_lines->sizeHint().height() +
                       m.bottom();
    return {QWidget::sizeHint().width(), height};
}

} // namespace racescope::ui
