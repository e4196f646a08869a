// Core headers first (through plotsview.h): core/memory/memory.h names a variable `slots`,
// which Qt's keyword macro from qcustomplot.h would swallow.
#include "panels/plotsview.h"

#include "listview/lifepalette.h"
#include "paint/plotbuffers.h"
#include "paint/plottext.h"

#include <qcustomplot.h>

#include <QScrollArea>
#include <QVBoxLayout>

namespace racescope::ui {

PlotsView::PlotsView(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // Four plots need about 300 pixels; squeezed below that (on a 720-pixel screen) they
    // scroll, rather than hold the whole window taller than the screen.
    auto* scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(m_plot);
    layout->addWidget(scroll);
    m_plot->plotLayout()->clear();
    m_plot->setAutoAddPlottableToLegend(false);

    QCPAxisRect* readers = addRect(tr("SRCU readers in flight (sum of c[idx] over CPUs)"), tr("readers"));
    bind(readers, m_series.readers[0], tr("index 0"), srcuIndexColour(0), true);
    bind(readers, m_series.readers[1], tr("index 1"), srcuIndexColour(1), true);
    QCPAxisRect* gp = addRect(tr("grace period length (synchronize_srcu call to return)"), tr("steps"));
    bind(gp, m_series.gracePeriod, tr("grace period"), QColor(0x7d, 0x5b, 0xa6), false);
    QCPAxisRect* events = addRect(tr("events delivered (queue growth + finished reads)"), tr("per 1000 steps"));
    bind(events, m_series.deliveredPerKStep, tr("delivered"), QColor(0x2e, 0x8b, 0x57), false);
    QCPAxisRect* queues = addRect(tr("notification queues"), tr("events"));
    bind(queues, m_series.queueTotal, tr("all groups"), QColor(0x30, 0x30, 0x30), true);
    bind(queues, m_series.queueMax, tr("longest"), QColor(0xc0, 0x60, 0x20), true);
    m_rects.back()->axis(QCPAxis::atBottom)->setLabel(tr("step"));

    // The scatter for grace periods: each is one point, a line between them means nothing.
    m_bound[2].graph->setLineStyle(QCPGraph::lsNone);
    m_bound[2].graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    // One step axis: dragging or zooming one plot moves all of them.
    for (QCPAxisRect* r : m_rects) {
        r->setRangeDrag(Qt::Horizontal);
        r->setRangeZoom(Qt::Horizontal);
        for (QCPAxisRect* other : m_rects)
            if (other != r)
                connect(r->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged),
                        other->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::setRange));
    }
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    // Step lines are axis-parallel: antialiasing them buys nothing and costs the frame.
    m_plot->setNotAntialiasedElements(QCP::aeAll);
    m_plot->setPlottingHint(QCP::phFastPolylines, true);
    cheapenRepaint(m_plot);
}

QCPAxisRect* PlotsView::addRect(const QString& title, const QString& yLabel)
{
    const int row = static_cast<int>(m_rects.size()) * 2;
    auto* text = new CachedTextElement(m_plot, title, QFont(font().family(), 9, QFont::Bold));
    m_plot->plotLayout()->addElement(row, 0, text);
    auto* rect = new QCPAxisRect(m_plot);
    rect->axis(QCPAxis::atLeft)->setLabel(yLabel);
    rect->setupFullAxesBox(false);
    auto* legend = new QCPLegend;
    rect->insetLayout()->addElement(legend, Qt::AlignTop | Qt::AlignLeft);
    legend->setLayer(QStringLiteral("legend"));
    legend->setFont(QFont(font().family(), 8));
    legend->setRowSpacing(0);
    m_plot->plotLayout()->addElement(row + 1, 0, rect);
    m_rects.push_back(rect);
    return rect;
}

void PlotsView::bind(QCPAxisRect* rect, const Series& series, const QString& name, const QColor& colour, bool steps)
{
    QCPGraph* g = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    g->setName(name);
    g->setPen(QPen(colour, 1.5));
    if (steps)
        g->setLineStyle(QCPGraph::lsStepLeft);
    // insetLayout element 0 is the legend made in addRect.
    if (auto* legend = qobject_cast<QCPLegend*>(rect->insetLayout()->elementAt(0)))
        legend->addItem(new CachedLegendItem(legend, g));
    m_bound.push_back({g, &series, 0});
}

void PlotsView::showFrame(const SimFrame& frame)
{
    if (frame.reset) {
        for (QCPItemStraightLine* line : m_oopsLines)
            m_plot->removeItem(line);
        for (QCPAbstractItem* item : m_oopsItems)
            m_plot->removeItem(item);
        m_oopsLines.clear();
        m_oopsItems.clear();
        // A rewind keeps some points and replaces others, possibly as many: send it all anew.
        for (Bound& b : m_bound)
            b.pushed = 0;
    }
    m_series.add(frame);
    push();
    const Snapshot* s = frame.snapshot.get();
    if (s && !s->oopses.empty() && m_oopsLines.empty()) {
        const double x = static_cast<double>(s->oopses.front().step);
        for (QCPAxisRect* r : m_rects) {
            auto* line = new QCPItemStraightLine(m_plot);
            line->setClipAxisRect(r);
            line->point1->setAxes(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
            line->point2->setAxes(r->axis(QCPAxis::atBottom), r->axis(QCPAxis::atLeft));
            line->point1->setCoords(x, 0);
            line->point2->setCoords(x, 1);
            line->setPen(QPen(faultColour(), 2));
            m_oopsLines.push_back(line);
        }
        auto* label = new QCPItemText(m_plot);
        label->setClipAxisRect(m_rects.front());
        label->position->setAxes(m_rects.front()->axis(QCPAxis::atBottom), m_rects.front()->axis(QCPAxis::atLeft));
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(x, 0.05);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
        label->setText(tr("OOPS at step %1 ").arg(s->oopses.front().step));
        label->setColor(faultColour());
        label->setFont(QFont(font().family(), 9, QFont::Bold));
        m_oopsItems.push_back(label);
    }
    const double end = s ? static_cast<double>(s->step) : 0;
    for (QCPAxisRect* r : m_rects) {
        r->axis(QCPAxis::atBottom)->setRange(0, std::max(100.0, end * 1.02 + 2)); // the oops sits at the last step
        bool found = false;
        QCPRange y = QCPRange(0, 1);
        for (const Bound& b : m_bound) {
            if (b.graph->valueAxis() != r->axis(QCPAxis::atLeft))
                continue;
            bool ok = false;
            const QCPRange gy = b.graph->getValueRange(ok);
            if (ok) {
                y = found ? QCPRange(std::min(y.lower, gy.lower), std::max(y.upper, gy.upper)) : gy;
                found = true;
            }
        }
        y.lower = std::min(0.0, y.lower);
        y.upper = std::max(y.upper + 1, y.upper * 1.1);
        r->axis(QCPAxis::atLeft)->setRange(y);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PlotsView::push()
{
    for (Bound& b : m_bound) {
        const Series& s = *b.series;
        if (s.x.size() < b.pushed || b.pushed == 0) { // thinned or cleared: send it whole
            b.graph->data()->clear();
            b.pushed = 0;
        }
        if (s.x.size() == b.pushed)
            continue;
        const auto from = static_cast<qsizetype>(b.pushed);
        b.graph->addData(QVector<double>(s.x.begin() + from, s.x.end()), QVector<double>(s.y.begin() + from, s.y.end()), true);
        b.pushed = s.x.size();
    }
}

} // namespace racescope::ui
