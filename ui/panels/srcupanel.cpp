#include "panels/srcupanel.h"

#include "sim/taskpalette.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace racescope::ui {

SrcuPanel::SrcuPanel(QWidget* parent)
    : QWidget(parent), m_header(new QLabel(this)), m_counters(new QTableWidget(this)), m_writers(new QLabel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addWidget(m_counters, 1);
    layout->addWidget(m_writers);
    m_header->setTextFormat(Qt::RichText);
    m_header->setToolTip(tr("completed counts the flips; completed & 1 is the index srcu_read_lock() hands "
                            "to new readers"));
    m_counters->setColumnCount(2);
    m_counters->setHorizontalHeaderLabels({QStringLiteral("c[0]"), QStringLiteral("c[1]")});
    m_counters->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_counters->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_counters->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_counters->setSelectionMode(QAbstractItemView::NoSelection);
    m_counters->setToolTip(tr("Per-CPU read-side counters. srcu_read_lock increments c[idx] on its CPU, "
                              "srcu_read_unlock decrements it on whatever CPU it runs: single cells may go "
                              "negative, only the sums count readers."));
    m_writers->setTextFormat(Qt::RichText);
    m_writers->setWordWrap(true);
    m_writers->setToolTip(tr("Tasks inside synchronize_srcu() and the step (MODEL.md section 3) they are at"));
    render();
}

void SrcuPanel::showFrame(const SimFrame& frame)
{
    if (!frame.snapshot)
        return;
    m_table = computeSrcuTable(*frame.snapshot);
    render();
}

void SrcuPanel::render()
{
    const SrcuTable& t = m_table;
    m_header->setText(tr("<b>fsnotify_grp_srcu</b> &nbsp; completed = %1 &nbsp; new readers take index <b>%2</b>"
                         " &nbsp; mutex: %3")
                          .arg(t.completed)
                          .arg(t.currentIndex)
                          .arg(t.mutexOwner.isEmpty() ? tr("free") : t.mutexOwner.toHtmlEscaped()));
    const int cpus = int(t.counters.size());
    m_counters->setRowCount(cpus + 1);
    QStringList rows;
    for (int cpu = 0; cpu < cpus; ++cpu)
        rows << tr("CPU %1").arg(cpu);
    rows << tr("sum");
    m_counters->setVerticalHeaderLabels(rows);
    auto put = [this, &t](int row, int col, qint64 value, bool sum) {
        QTableWidgetItem* item = m_counters->item(row, col);
        if (!item) {
            item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignCenter);
            m_counters->setItem(row, col, item);
        }
        item->setText(QString::number(value));
        QFont font = item->font();
        font.setBold(sum);
        item->setFont(font);
        // The scanned index is the one whose sum decides when the grace period ends.
        const bool scanned = col == t.scanned;
        item->setBackground(scanned ? QColor(255, 236, 179) : QBrush());
        item->setToolTip(sum ? tr("Readers holding index %1 over all CPUs%2")
                                   .arg(col)
                                   .arg(scanned ? tr(": synchronize_srcu waits for this to reach 0") : QString())
                             : tr("c[%1] on CPU %2").arg(col).arg(row));
    };
    for (int cpu = 0; cpu < cpus; ++cpu) {
        put(cpu, 0, t.counters[size_t(cpu)][0], false);
        put(cpu, 1, t.counters[size_t(cpu)][1], false);
    }
    put(cpus, 0, t.sums[0], true);
    put(cpus, 1, t.sums[1], true);

    if (t.writers.empty()) {
        m_writers->setText(tr("No task is inside synchronize_srcu()."));
        return;
    }
    QString html;
    for (const SrcuWriterRow& w : t.writers) {
        html += QStringLiteral("<span style='color:%1'>&#9632;</span> <b>%2</b>: %3<br>")
                    .arg(taskColor(w.task).name(), w.taskName.toHtmlEscaped(), w.text.toHtmlEscaped());
    }
    m_writers->setText(html);
}

} // namespace racescope::ui
