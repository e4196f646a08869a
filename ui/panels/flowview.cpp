#include "panels/flowview.h"

#include "listview/cachedtext.h"
#include "listview/lifepalette.h"

#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>

namespace racescope::ui {

namespace {

const QColor kActive(0x2e, 0x8b, 0x57);
const QColor kIdle(0xc8, 0xc8, 0xc8);

QColor boxFill(const FlowBox& b)
{
    if (b.dimmed)
        return {0xf2, 0xf2, 0xf2};
    switch (b.kind) {
    case FlowBoxKind::Producer: return {0xe3, 0xee, 0xfb};
    case FlowBoxKind::Group: return lifeColour(LifeColour::Live);
    case FlowBoxKind::Consumer: return {0xfb, 0xee, 0xdc};
    }
    return Qt::white;
}

QPainterPath edgePath(const QRectF& from, const QRectF& to)
{
    const QPointF a(from.right(), from.center().y()), b(to.left(), to.center().y());
    const double dx = (b.x() - a.x()) * 0.5;
    QPainterPath path(a);
    path.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b);
    return path;
}

void drawEdge(QPainter& p, const QRectF& from, const QRectF& to, const FlowEdge& e)
{
    const QPainterPath path = edgePath(from, to);
    const QPointF b(to.left(), to.center().y());
    QPen pen(e.active ? kActive : kIdle, e.active ? 2.5 : 1, e.drain ? Qt::DashLine : Qt::SolidLine);
    pen.setCosmetic(true);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    if (e.active) {
        p.setPen(Qt::NoPen);
        p.setBrush(kActive);
        p.drawEllipse(b, 3.5, 3.5);
    }
}

void drawBox(QPainter& p, const FlowBox& b)
{
    QPen pen = b.faulting ? QPen(faultColour(), 3) : QPen(b.active ? kActive : QColor(0x80, 0x80, 0x80), b.active ? 2 : 1);
    pen.setCosmetic(true);
    p.setPen(pen);
    p.setBrush(boxFill(b));
    p.drawRoundedRect(b.rect, 4, 4);
    const double lh = std::clamp(b.rect.height() / 3.2, 10.0, 14.0);
    QFont f = p.font();
    f.setPixelSize(std::max(7, static_cast<int>(lh - 3)));
    f.setBold(true);
    p.setFont(f);
    p.setPen(b.dimmed ? QColor(0x80, 0x80, 0x80) : Qt::black);
    const QRectF text = b.rect.adjusted(5, 2, -5, -2);
    // Neither clipped nor elided: both cost more per frame than the whole box, and the
    // layout's strings are short; the tooltip has them in full.
    drawCachedText(p, text.topLeft(), b.title);
    f.setBold(false);
    p.setFont(f);
    for (int i = 0; i < b.lines.size() && (i + 2) * lh <= b.rect.height() + 2; ++i)
        drawCachedText(p, QPointF(text.left(), text.top() + (i + 1) * lh), b.lines[i]);
    if (b.kind != FlowBoxKind::Group)
        return;
    p.setPen(QPen(QColor(0x60, 0x60, 0x60), 1));
    p.setBrush(Qt::white);
    p.drawRect(b.queueBar);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x3b, 0x6e, 0xa8));
    p.drawRect(QRectF(b.queueBar.topLeft(), QSizeF(b.queueBar.width() * b.queueFill, b.queueBar.height())));
    p.setPen(Qt::black);
    drawCachedText(p, QPointF(b.queueBar.left(), b.queueBar.bottom() + 1), QStringLiteral("q_len %1").arg(b.qLen));
}

} // namespace

NotificationFlowView::NotificationFlowView(QWidget* parent) : QWidget(parent)
{
    setAutoFillBackground(true);
    setPalette(QPalette(Qt::white));
}

void NotificationFlowView::showFrame(const SimFrame& frame)
{
    if (frame.reset)
        m_history.clear();
    if (!frame.snapshot)
        return;
    m_snapshot = frame.snapshot;
    m_history.add(*m_snapshot);
    relayout();
}

void NotificationFlowView::relayout()
{
    if (!m_snapshot)
        return;
    m_layout = computeFlowLayout(*m_snapshot, m_history, size());
    update();
}

void NotificationFlowView::resizeEvent(QResizeEvent*) { relayout(); }

void NotificationFlowView::paintEvent(QPaintEvent*)
{
    if (!m_snapshot)
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    QFont f = p.font();
    f.setPixelSize(12);
    f.setBold(true);
    p.setFont(f);
    p.setPen(QColor(0x40, 0x40, 0x40));
    const double y = m_layout.producerColumn.top() - 6;
    p.drawText(QPointF(m_layout.producerColumn.left(), y), tr("file operations (fsnotify)"));
    p.drawText(QPointF(m_layout.groupColumn.left(), y), tr("groups and their queues"));
    p.drawText(QPointF(m_layout.consumerColumn.left(), y), tr("readers (inotify_read)"));
    // Idle edges are many (every producer to every group its mask reaches) and all look the
    // same: one path, one stroke. Active ones are few and drawn on top.
    QPainterPath idle;
    for (const FlowEdge& e : m_layout.edges)
        if (!e.active)
            idle.addPath(edgePath(m_layout.boxes[e.from].rect, m_layout.boxes[e.to].rect));
    QPen idlePen(kIdle, 1);
    idlePen.setCosmetic(true); // aliased cosmetic lines take Qt's fast path: see listpainter.cpp
    p.setRenderHint(QPainter::Antialiasing, false);
    p.strokePath(idle, idlePen);
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const FlowEdge& e : m_layout.edges)
        if (e.active)
            drawEdge(p, m_layout.boxes[e.from].rect, m_layout.boxes[e.to].rect, e);
    // Boxes are axis-aligned: antialiasing them only softens their corners, at a cost.
    p.setRenderHint(QPainter::Antialiasing, false);
    for (const FlowBox& b : m_layout.boxes)
        drawBox(p, b);
    if (!m_snapshot->oopses.empty()) {
        const Oops& o = m_snapshot->oopses.back();
        const QString text = tr("OOPS at step %1: %2 on CPU %3 faulted in fsnotify; notification stopped")
                                 .arg(o.step)
                                 .arg(QString::fromStdString(m_snapshot->tasks[o.task].name))
                                 .arg(o.cpu);
        const QRectF banner(8, height() - 30, width() - 16, 24);
        p.setPen(Qt::NoPen);
        p.setBrush(faultColour());
        p.drawRoundedRect(banner, 4, 4);
        p.setPen(Qt::white);
        p.drawText(banner, Qt::AlignCenter, p.fontMetrics().elidedText(text, Qt::ElideRight, static_cast<int>(banner.width() - 8)));
    }
}

bool NotificationFlowView::event(QEvent* e)
{
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        for (const FlowBox& b : m_layout.boxes) {
            if (b.rect.contains(help->pos())) {
                QToolTip::showText(help->globalPos(), QStringLiteral("<b>%1</b><br>%2").arg(b.title, b.lines.join(QStringLiteral("<br>"))), this);
                return true;
            }
        }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

} // namespace racescope::ui
