#include "panels/flowview.h"

#include "listview/lifepalette.h"
#include "paint/layercache.h"
#include "paint/spritecache.h"
#include "paint/textlayouts.h"

#include <QHelpEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <array>
#include <cmath>

namespace racescope::ui {

namespace {

const QColor kActive(0x2e, 0x8b, 0x57);
const QColor kIdle(0xc8, 0xc8, 0xc8);
constexpr double kOverrun = 48; // how far a sprite's text may run past its box

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

// An edge an event is passing along, with a dot where it arrives, as a sprite of its shape:
// antialiased and thick, one costs a third of a millisecond to stroke, and the same few
// come back as readers walk the list. Idle edges are a layer of their own (paintEvent).
void drawActiveEdge(QPainter& p, SpriteCache& sprites, const QRectF& from, const QRectF& to, const FlowEdge& e)
{
    constexpr double kRoom = 6; // the arrival dot and the pen stand out of the curve's box
    const QPointF a(from.right(), from.center().y()), b(to.left(), to.center().y());
    const QPointF at(std::min(a.x(), b.x()) - kRoom, std::min(a.y(), b.y()) - kRoom);
    const QSizeF size(std::abs(b.x() - a.x()) + 2 * kRoom, std::abs(b.y() - a.y()) + 2 * kRoom);
    SpriteKey key('e');
    key << b.x() - a.x() << b.y() - a.y() << e.drain;
    sprites.draw(p, at, size, key, [&](QPainter& sp) {
        sp.setRenderHint(QPainter::Antialiasing, true);
        const QRectF local = from.translated(-at), target = to.translated(-at);
        QPen pen(kActive, 2.5, e.drain ? Qt::DashLine : Qt::SolidLine);
        pen.setCosmetic(true);
        sp.setPen(pen);
        sp.setBrush(Qt::NoBrush);
        sp.drawPath(edgePath(local, target));
        sp.setPen(Qt::NoPen);
        sp.setBrush(kActive);
        sp.drawEllipse(QPointF(target.left(), target.center().y()), 3.5, 3.5);
    });
}

void paintBox(QPainter& p, TextLayouts& texts, const FlowBox& b, QRectF rect, QRectF queueBar, const QFont& base)
{
    QPen pen = b.faulting ? QPen(faultColour(), 3) : QPen(b.active ? kActive : QColor(0x80, 0x80, 0x80), b.active ? 2 : 1);
    pen.setCosmetic(true);
    p.setPen(pen);
    p.setBrush(boxFill(b));
    p.drawRoundedRect(rect, 4, 4);
    const double lh = std::clamp(rect.height() / 3.2, 10.0, 14.0);
    QFont f = base;
    f.setPixelSize(std::max(7, static_cast<int>(lh - 3)));
    f.setBold(true);
    p.setFont(f);
    p.setPen(b.dimmed ? QColor(0x80, 0x80, 0x80) : Qt::black);
    const QRectF text = rect.adjusted(5, 2, -5, -2);
    // Neither clipped nor elided, as the strings are short; the tooltip has them in full.
    texts.draw(p, text.topLeft(), b.title);
    f.setBold(false);
    p.setFont(f);
    for (int i = 0; i < b.lines.size() && (i + 2) * lh <= rect.height() + 2; ++i)
        texts.draw(p, QPointF(text.left(), text.top() + (i + 1) * lh), b.lines[i]);
    if (b.kind != FlowBoxKind::Group)
        return;
    p.setPen(QPen(QColor(0x60, 0x60, 0x60), 1));
    p.setBrush(Qt::white);
    p.drawRect(queueBar);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x3b, 0x6e, 0xa8));
    p.drawRect(QRectF(queueBar.topLeft(), QSizeF(queueBar.width() * b.queueFill, queueBar.height())));
    p.setPen(Qt::black);
    texts.draw(p, QPointF(queueBar.left(), queueBar.bottom() + 1), QStringLiteral("q_len %1").arg(b.qLen));
}

// A box, its text and its queue as one sprite keyed by all it shows: between two frames
// most boxes are unchanged and cost a blit.
void drawBox(QPainter& p, SpriteCache& sprites, TextLayouts& texts, const QFont& base, const FlowBox& b)
{
    // Text is not clipped to its box (the queue's hangs below its bar): room for it to run
    // over, as it would drawn straight onto the widget.
    const double below = b.kind == FlowBoxKind::Group ? std::max(0.0, b.queueBar.bottom() + 16 - b.rect.bottom()) : 0.0;
    SpriteKey key('f');
    key << int(b.kind) << b.active << b.dimmed << b.faulting << b.rect.width() << b.rect.height() << b.queueBar.width()
        << b.queueBar.height() << b.queueBar.left() - b.rect.left() << b.queueBar.top() - b.rect.top() << b.queueFill
        << uint64_t(b.qLen) << b.title;
    for (const QString& line : b.lines)
        key << line;
    sprites.draw(p, b.rect.topLeft(), b.rect.size() + QSizeF(kOverrun, below), key, [&](QPainter& sp) {
        paintBox(sp, texts, b, QRectF(QPointF(0, 0), b.rect.size()), b.queueBar.translated(-b.rect.topLeft()), base);
    });
}

// The idle edges as the layer draws them: any change repaints the layer.
struct IdleEdges {
    std::vector<std::array<double, 8>> edges; // from rect, to rect
    bool operator==(const IdleEdges&) const = default;
};

} // namespace

struct NotificationFlowView::PaintCache {
    SpriteCache sprites;
    TextLayouts texts;
    QSize size; // the widget's size the sprites were drawn for
    LayerCache<IdleEdges> idle;
};

NotificationFlowView::NotificationFlowView(QWidget* parent) : QWidget(parent), m_paintCache(std::make_unique<PaintCache>())
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

NotificationFlowView::~NotificationFlowView() = default;

size_t NotificationFlowView::cachedSprites() const { return m_paintCache->sprites.size(); }

unsigned NotificationFlowView::idleLayerRepaints() const { return m_paintCache->idle.repaints(); }

void NotificationFlowView::resizeEvent(QResizeEvent* event)
{
    // Only a new size moves the boxes (QWidget::grab() of a hidden widget sends its pending
    // resize again and again, with no old size).
    if (event->size() != m_paintCache->size) {
        m_paintCache->size = event->size();
        m_paintCache->sprites.clear();
    }
    relayout();
}

void NotificationFlowView::paintEvent(QPaintEvent*)
{
    if (!m_snapshot)
        return;
    QPainter p(this);
    SpriteCache& sprites = m_paintCache->sprites;
    sprites.beginFrame(p);
    const QFont base = p.font();
    p.setRenderHint(QPainter::Antialiasing, true);
    const double y = m_layout.producerColumn.top() - 6;
    auto title = [&](const QRectF& column, const QString& text) {
        QFont f = base;
        f.setPixelSize(12);
        f.setBold(true);
        const QPointF at(column.left(), y - 16);
        sprites.draw(p, at, QSizeF(column.width() + kOverrun, 20), SpriteKey('t') << text, [&](QPainter& sp) {
            sp.setFont(f);
            sp.setPen(QColor(0x40, 0x40, 0x40));
            sp.drawText(QPointF(0, 16), text);
        });
    };
    title(m_layout.producerColumn, tr("file operations (fsnotify)"));
    title(m_layout.groupColumn, tr("groups and their queues"));
    title(m_layout.consumerColumn, tr("readers (inotify_read)"));
    // Producer edges are many (every producer to every group its mask reaches) and change
    // only when a box moves: they live in a layer, all drawn as idle, repainted then. The
    // few active ones are drawn over it; drains come and go with every frame.
    IdleEdges idle;
    QRectF reach;
    for (const FlowEdge& e : m_layout.edges) {
        if (e.drain)
            continue;
        const QRectF& a = m_layout.boxes[e.from].rect;
        const QRectF& b = m_layout.boxes[e.to].rect;
        idle.edges.push_back({a.x(), a.y(), a.width(), a.height(), b.x(), b.y(), b.width(), b.height()});
        reach |= QRectF(QPointF(a.right(), std::min(a.center().y(), b.center().y())),
                        QPointF(b.left(), std::max(a.center().y(), b.center().y())));
    }
    m_paintCache->idle.draw(
        p, size(), idle,
        [&](QPainter& lp) {
            QPainterPath path;
            for (const auto& e : idle.edges)
                path.addPath(edgePath(QRectF(e[0], e[1], e[2], e[3]), QRectF(e[4], e[5], e[6], e[7])));
            QPen pen(kIdle, 1);
            pen.setCosmetic(true); // aliased, width 1: Qt's fast cosmetic line drawer
            lp.strokePath(path, pen);
        },
        reach.toAlignedRect().adjusted(-2, -2, 2, 2));
    for (const FlowEdge& e : m_layout.edges)
        if (e.active)
            drawActiveEdge(p, sprites, m_layout.boxes[e.from].rect, m_layout.boxes[e.to].rect, e);
    // Boxes are axis-aligned: antialiasing them only softens their corners, at a cost.
    p.setRenderHint(QPainter::Antialiasing, false);
    for (const FlowBox& b : m_layout.boxes)
        drawBox(p, sprites, m_paintCache->texts, base, b);
    QFont f = base;
    f.setPixelSize(12);
    f.setBold(true);
    p.setFont(f);
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
