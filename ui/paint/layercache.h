#pragma once
// A whole-widget transparent picture of things that change far less often than frames come
// (the group list's plain arrows, the flow's idle edges): stroking a few hundred curves
// costs a millisecond or more, a blit of the cached picture about a fifth of that. The
// picture is repainted whenever its recipe, the plain value it is drawn from, differs from
// the one it was drawn with, so it always shows what the recipe says. GUI thread only.

#include <QPainter>
#include <QPixmap>

#include <optional>

namespace racescope::ui {

template <typename Recipe> class LayerCache {
public:
    // Draws the layer at (0, 0), first repainting it with `paint(QPainter&)` (antialiasing
    // off, transparent background) when the size, the pixel ratio or the recipe changed.
    // Only `bounds`, where the recipe's drawing can reach, is blitted: blending transparent
    // pixels is not free.
    template <typename Paint>
    void draw(QPainter& painter, QSize size, const Recipe& recipe, Paint&& paint, QRect bounds = {})
    {
        const qreal dpr = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
        if (!m_recipe || !(*m_recipe == recipe) || m_size != size || m_pixmap.devicePixelRatio() != dpr) {
            // Kept at the largest size asked for: while a window is resized, a new pixmap per
            // frame would cost more in fresh memory than the painting.
            const QSize device = (QSizeF(size) * dpr).toSize();
            if (m_pixmap.width() < device.width() || m_pixmap.height() < device.height() ||
                m_pixmap.devicePixelRatio() != dpr) {
                m_pixmap = QPixmap(device.expandedTo(m_pixmap.size()));
                m_pixmap.setDevicePixelRatio(dpr);
            }
            m_pixmap.fill(Qt::transparent);
            QPainter lp(&m_pixmap);
            lp.setFont(painter.font());
            paint(lp);
            m_recipe = recipe;
            m_size = size;
            ++m_repaints;
        }
        const QRect area = bounds.isNull() ? QRect(QPoint(0, 0), size) : bounds.intersected(QRect(QPoint(0, 0), size));
        if (!area.isEmpty())
            painter.drawPixmap(area.topLeft(), m_pixmap,
                               QRect((QPointF(area.topLeft()) * dpr).toPoint(), (QSizeF(area.size()) * dpr).toSize()));
    }

    unsigned repaints() const { return m_repaints; }

private:
    std::optional<Recipe> m_recipe;
    QSize m_size;
    QPixmap m_pixmap;
    unsigned m_repaints = 0;
};

} // namespace racescope::ui
