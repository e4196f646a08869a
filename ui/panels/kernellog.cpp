#include "panels/kernellog.h"

#include "report/oops_report.h"

#include <QFontDatabase>
#include <QLabel>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QVBoxLayout>

#include <algorithm>

namespace racescope::ui {

namespace {
// A day of stepping at full speed would otherwise keep every line; the oops is near the end.
constexpr int kMaxLines = 20000;
} // namespace

QString oopsSummary(const Snapshot& s)
{
    if (s.oopses.empty() || s.oopsReports.empty())
        return {};
    const Oops& oops = s.oopses.front();
    // The report's first line is the kernel's own wording of what went wrong.
    QString what = QString::fromStdString(s.oopsReports.front()).section(QLatin1Char('\n'), 0, 0);
    what.remove(QStringLiteral("BUG: "));
    const QString task = oops.task < s.tasks.size() ? QString::fromStdString(s.tasks[oops.task].name)
                                                    : QString::number(oops.task);
    return QObject::tr("KERNEL OOPS at step %1 in %2: %3 (task %4 on CPU %5)")
        .arg(oops.step)
        .arg(QString::fromStdString(symbolize(oops.regs.rip)), what, task)
        .arg(oops.cpu);
}

KernelLog::KernelLog(QWidget* parent)
    : QWidget(parent), m_banner(new QLabel(this)), m_console(new QPlainTextEdit(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_console, 1);
    m_banner->setVisible(false);
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #c62828; color: white; font-weight: bold; "
                                           "font-size: 15pt; padding: 6px; }"));
    m_banner->setToolTip(tr("The machine oopsed: the report below is built from its memory and registers"));
    m_console->setReadOnly(true);
    m_console->setMaximumBlockCount(kMaxLines);
    // A point larger than the other panels: this is the text a class reads off a projector.
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() + 1);
    m_console->setFont(mono);
    m_console->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_console->setStyleSheet(QStringLiteral("QPlainTextEdit { background: #101010; color: #d0d0d0; }"));
    m_console->setToolTip(tr("Kernel messages, dmesg style; one step is shown as one microsecond. "
                             "After an oops, click a line of the explanation to show its step in the CPU lanes."));
    m_console->viewport()->installEventFilter(this);
}

int64_t KernelLog::stepAtLine(int block) const
{
    const auto it = m_lineSteps.find(block);
    return it == m_lineSteps.end() ? -1 : it->second;
}

void KernelLog::activateLine(int block)
{
    if (const int64_t step = stepAtLine(block); step >= 0)
        emit stepSelected(static_cast<quint64>(step));
}

bool KernelLog::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_console->viewport() && event->type() == QEvent::MouseButtonRelease) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        activateLine(m_console->cursorForPosition(mouse->position().toPoint()).blockNumber());
    }
    return QWidget::eventFilter(watched, event);
}

QString KernelLog::text() const { return m_console->toPlainText(); }

QString KernelLog::oopsSummary() const { return m_banner->isVisible() ? m_banner->text() : QString(); }

void KernelLog::addEvents(const KernelEvents& events) { m_model.addEvents(events); }

void KernelLog::showFrame(const SimFrame& frame)
{
    if (frame.reset) {
        m_console->clear();
        m_lineSteps.clear();
        m_banner->setVisible(false);
    }
    const std::vector<LogLine> lines = m_model.append(frame);
    if (lines.empty())
        return;
    QScrollBar* bar = m_console->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    int firstOopsBlock = -1;
    for (const LogLine& line : lines) {
        if (line.oops && firstOopsBlock < 0)
            firstOopsBlock = m_console->blockCount();
        if (line.step >= 0) {
            m_lineSteps[m_console->blockCount()] = line.step;
            m_console->appendHtml(QStringLiteral("<span style='color:#4fc3f7;text-decoration:underline'>%1</span>")
                                      .arg(line.text.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;"))));
        } else if (line.oops)
            m_console->appendHtml(QStringLiteral("<span style='color:#ff5252;font-weight:bold'>%1</span>")
                                      .arg(line.text.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;"))));
        else
            m_console->appendPlainText(line.text);
    }
    // An oops scrolls to its BUG line rather than to the end: that line is the one to read.
    if (firstOopsBlock >= 0)
        bar->setValue(std::max(0, firstOopsBlock - 3));
    else if (atEnd)
        bar->setValue(bar->maximum());
    if (frame.snapshot) {
        const QString summary = racescope::ui::oopsSummary(*frame.snapshot);
        if (!summary.isEmpty()) {
            m_banner->setText(summary);
            m_banner->setVisible(true);
        }
    }
}

} // namespace racescope::ui
