// Core headers first: core/memory/memory.h names a variable `slots`, which Qt's keyword
// macro (pulled in by qcustomplot.h) would swallow.
#include "listview/lifepalette.h"
#include "lanes/laneitems.h"

#include "lanes/laneslayer.h"

#include <QElapsedTimer>

#include <algorithm>

namespace racescope::ui {

namespace {

struct Style {
    QColor colour;
    Qt::BrushStyle pattern;
};

Style styleFor(BoxStyle s)
{
    switch (s) {
    case BoxStyle::GracePeriod: return {QColor(0xb9, 0x9c, 0xe0, 90), Qt::SolidPattern};
    case BoxStyle::Read0: return {srcuIndexColour(0), Qt::SolidPattern};
    case BoxStyle::Read1: return {srcuIndexColour(1), Qt::SolidPattern};
    case BoxStyle::SleepHeld0: return {srcuIndexColour(0), Qt::BDiagPattern};
    case BoxStyle::SleepHeld1: return {srcuIndexColour(1), Qt::BDiagPattern};
    case BoxStyle::Sleep: return {QColor(0x90, 0x90, 0x90), Qt::BDiagPattern};
    case BoxStyle::Step: return {QColor(0x4a, 0x8a, 0x3a), Qt::SolidPattern};
    case BoxStyle::Count: break;
    }
    return {Qt::black, Qt::SolidPattern};
}

void drawTicks(QCPPainter* p, const std::vector<Tick>& ticks, const QPen& pen)
{
    if (ticks.empty())
        return;
    std::vector<QLineF> lines;
    lines.reserve(ticks.size());
    for (const Tick& t : ticks)
        lines.emplace_back(t.x, t.top, t.x, t.bottom);
    p->setPen(pen);
    p->drawLines(lines.data(), static_cast<int>(lines.size()));
}

} // namespace

LanesLayer::LanesLayer(QCustomPlot* plot, QCPAxisRect* rect, const LaneStore& store)
    : QCPLayerable(plot, QStringLiteral("main")), m_rect(rect), m_store(store)
{
}

void LanesLayer::applyDefaultAntialiasingHint(QCPPainter* painter) const { painter->setAntialiasing(false); }

QRect LanesLayer::clipRect() const { return m_rect->rect(); }

void LanesLayer::draw(QCPPainter* p)
{
    QElapsedTimer timer;
    timer.start();
    const QCPAxis* x = m_rect->axis(QCPAxis::atBottom);
    const QCPAxis* y = m_rect->axis(QCPAxis::atLeft);
    LaneGeometry g;
    g.first = x->range().lower;
    g.last = x->range().upper;
    g.left = m_rect->left();
    g.width = m_rect->width();
    LaneRows rows;
    rows.lanes = m_lanes;
    rows.top = y->coordToPixel(0);
    rows.height = y->coordToPixel(1) - rows.top;
    const LaneItems items = computeLaneItems(m_store, g, rows);

    for (size_t i = 0; i < items.boxes.size(); ++i) {
        const auto& boxes = items.boxes[i];
        if (boxes.empty())
            continue;
        const Style st = styleFor(static_cast<BoxStyle>(i));
        const bool hatched = st.pattern != Qt::SolidPattern;
        if (hatched) { // a light wash under the hatching, so a sleep reads as a block
            p->setPen(Qt::NoPen);
            p->setBrush(QColor(st.colour.red(), st.colour.green(), st.colour.blue(), 40));
            p->drawRects(boxes.data(), static_cast<int>(boxes.size()));
        }
        p->setPen(hatched ? QPen(st.colour, 1) : Qt::NoPen);
        p->setBrush(QBrush(st.colour, st.pattern));
        p->drawRects(boxes.data(), static_cast<int>(boxes.size()));
    }
    QFont f = p->font();
    f.setPixelSize(std::max(7, std::min(11, static_cast<int>(rows.height * 0.3))));
    p->setFont(f);
    p->setPen(Qt::white);
    for (const StepLabel& l : items.labels)
        if (l.width >= 9)
            p->drawText(QRectF(l.center.x() - l.width / 2, l.center.y() - 8, l.width, 16), Qt::AlignCenter,
                        QString::number(l.step));
    drawTicks(p, items.evictions, QPen(QColor(0x8e, 0x44, 0xad), 2));
    drawTicks(p, items.frees, QPen(QColor(0x60, 0x20, 0x20), 2, Qt::DotLine));
    p->setPen(QPen(QColor(0x20, 0x20, 0x20), 1.5));
    p->drawLine(QLineF(items.playheadX, m_rect->top(), items.playheadX, m_rect->bottom()));
    if (!items.oopses.empty()) {
        p->setAntialiasing(true);
        for (const Tick& t : items.oopses) {
            p->setPen(QPen(faultColour(), 3));
            p->drawLine(QLineF(t.x, m_rect->top(), t.x, m_rect->bottom()));
            const double r = std::clamp((t.bottom - t.top) * 0.3, 4.0, 8.0);
            const QPointF c(t.x, (t.top + t.bottom) / 2);
            p->setBrush(faultColour());
            p->setPen(QPen(Qt::white, 1.5));
            p->drawEllipse(c, r, r);
            QFont bold = f;
            bold.setBold(true);
            bold.setPixelSize(12);
            p->setFont(bold);
            p->setPen(faultColour());
            // Left of the marker when the playhead sits at the right edge, where it usually is.
            const QString label = QStringLiteral("OOPS");
            const double w = p->fontMetrics().horizontalAdvance(label);
            const double labelX = t.x + r + 3 + w < m_rect->right() ? t.x + r + 3 : t.x - r - 3 - w;
            p->drawText(QPointF(labelX, c.y() + 4), label);
        }
    }
    m_lastDrawMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

} // namespace racescope::ui
