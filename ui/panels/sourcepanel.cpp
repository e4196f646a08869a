#include "panels/sourcepanel.h"

#include "sim/taskpalette.h"

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace racescope::ui {

namespace {
const char* kOopsColor = "#d32f2f";

QString marksHtml(const std::vector<LineMark>& marks, const std::vector<QString>& names)
{
    QString html;
    for (const LineMark& m : marks) {
        const QString name = m.task < names.size() ? names[m.task] : QString::number(m.task);
        // The innermost frame is where the task is; callers' lines are drawn hollow.
        html += QStringLiteral("<span style='background:%1;color:black'>%2%3</span> ")
                    .arg(taskColor(m.task).name(), m.innermost ? QString() : QStringLiteral("&#8618;"),
                         name.toHtmlEscaped());
    }
    return html;
}

void setHtmlKeepingScroll(QTextBrowser* browser, const QString& html)
{
    const int v = browser->verticalScrollBar()->value();
    browser->setHtml(html);
    browser->verticalScrollBar()->setValue(v);
}
} // namespace

SourcePanel::SourcePanel(QWidget* parent)
    : QWidget(parent), m_source(new QTextBrowser(this)), m_disassembly(new QTextBrowser(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_source);
    split->addWidget(m_disassembly);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_source->setFont(mono);
    m_disassembly->setFont(mono);
    // The listings indent with tabs; eight columns would push the code off a narrow dock.
    m_source->setTabStopDistance(4 * QFontMetricsF(mono).horizontalAdvance(QLatin1Char(' ')));
    m_source->setToolTip(tr("RaceScope's pseudo-C of the modelled kernel functions; the line numbers are the "
                            "ones each step cites. A coloured tag is a task standing on that line; &#8618; "
                            "marks a caller waiting for the call on that line to return."));
    m_disassembly->setToolTip(tr("fsnotify's machine code as printed in the 2009 report; a tag marks the "
                                 "instruction at a task's RIP. The oops was at fsnotify+0x93, mov (%rbx),%rax."));
    render();
}

void SourcePanel::showFrame(const SimFrame& frame)
{
    if (!frame.snapshot)
        return;
    m_listing = computeSourceListing(*frame.snapshot);
    m_taskNames.clear();
    for (const TaskView& t : frame.snapshot->tasks)
        m_taskNames.push_back(QString::fromStdString(t.name));
    render();
}

void SourcePanel::render()
{
    QString html = QStringLiteral("<pre style='margin:0'>");
    for (const ListingBlock& block : m_listing.blocks) {
        html += QStringLiteral("<b>%1</b>\n").arg(block.title.toHtmlEscaped());
        for (const ListingLine& line : block.lines) {
            QString text = QStringLiteral("%1  %2").arg(line.number, 3).arg(line.text.toHtmlEscaped());
            if (line.oops)
                text = QStringLiteral("<a name='oops'></a><span style='background:%1;color:white'><b>%2  &lt;-- oops</b></span>")
                           .arg(QLatin1String(kOopsColor), text);
            else if (!line.marks.empty())
                text = QStringLiteral("<b>%1</b>").arg(text);
            // Tags go before the text: a long line would push them out of view.
            html += marksHtml(line.marks, m_taskNames) + text + QLatin1Char('\n');
        }
        html += QLatin1Char('\n');
    }
    html += QStringLiteral("</pre>");
    const bool oopsAppeared = html.contains(QStringLiteral("name='oops'")) && !m_html.contains(QStringLiteral("name='oops'"));
    if (html != m_html) {
        m_html = html;
        setHtmlKeepingScroll(m_source, html);
    }

    QString dis = QStringLiteral("<pre style='margin:0'><b>fsnotify, 2.6.31-rc6 (from the 2009 report)</b>\n");
    for (const DisassemblyRow& row : m_listing.disassembly) {
        QString text = QStringLiteral("%1: %2").arg(row.address, 16, 16, QLatin1Char('0')).arg(row.text.toHtmlEscaped());
        if (!row.note.isEmpty())
            text += QStringLiteral("  <i>[%1]</i>").arg(row.note.toHtmlEscaped());
        if (row.oops)
            text = QStringLiteral("<a name='oops'></a><span style='background:%1;color:white'><b>%2</b></span>")
                       .arg(QLatin1String(kOopsColor), text);
        std::vector<LineMark> marks;
        for (unsigned t : row.tasks)
            marks.push_back({t, true});
        dis += marksHtml(marks, m_taskNames) + text + QLatin1Char('\n');
    }
    dis += QStringLiteral("</pre>");
    if (dis != m_disassemblyHtml) {
        m_disassemblyHtml = dis;
        setHtmlKeepingScroll(m_disassembly, dis);
    }
    // The faulting line is the one to read after an oops: bring it into view once.
    if (oopsAppeared) {
        m_source->scrollToAnchor(QStringLiteral("oops"));
        m_disassembly->scrollToAnchor(QStringLiteral("oops"));
    }
}

} // namespace racescope::ui
