#include "listview/grouplistview.h"

#include "listview/listpainter.h"
#include "listview/listtooltips.h"

#include <QHelpEvent>
#include <QPainter>
#include <QResizeEvent>
#include <QToolTip>
#include <QVariantAnimation>

#include <cmath>
#include <limits>

namespace racescope::ui {

namespace {
constexpr int kSwingMs = 200;
}

GroupListView::GroupListView(QWidget* parent) : QWidget(parent), m_swing(new QVariantAnimation(this))
{
    setMouseTracking(true);
    setAutoFillBackground(true);
    setPalette(QPalette(Qt::white));
    m_legendWidths = legendEntryWidths(font());
    m_swing->setDuration(kSwingMs);
    m_swing->setStartValue(0.0);
    m_swing->setEndValue(1.0);
    m_swing->setEasingCurve(QEasingCurve::OutCubic);
    connect(m_swing, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) {
        m_swingT = v.toDouble();
        update();
    });
}

void GroupListView::showFrame(const SimFrame& frame)
{
    if (!frame.snapshot)
        return;
    const bool animate = m_snapshot && !frame.reset;
    m_snapshot = frame.snapshot;
    relayout(animate);
}

void GroupListView::relayout(bool animate)
{
    if (!m_snapshot)
        return;
    ListLayout next = computeListLayout(*m_snapshot, size(), m_legendWidths);
    // A pointer is identified by the object it lives in and which word it is; when its value
    // changed since the last frame, its tip swings from where it pointed before.
    m_swingFrom.assign(next.arrows.size(), QPointF(std::numeric_limits<double>::quiet_NaN(), 0));
    bool swinging = false;
    if (animate) {
        std::map<std::pair<uint64_t, ArrowKind>, const ListArrow*> before;
        for (const ListArrow& a : m_layout.arrows)
            before[{m_layout.nodes[a.from].address, a.kind}] = &a;
        for (size_t i = 0; i < next.arrows.size(); ++i) {
            const ListArrow& a = next.arrows[i];
            auto it = before.find({next.nodes[a.from].address, a.kind});
            if (it != before.end() && it->second->value != a.value) {
                m_swingFrom[i] = it->second->head;
                swinging = true;
            }
        }
    }
    m_layout = std::move(next);
    if (swinging) {
        m_swingT = 0;
        m_swing->stop();
        m_swing->start();
    } else if (m_swing->state() != QAbstractAnimation::Running) {
        m_swingT = 1;
    }
    update();
}

void GroupListView::paintEvent(QPaintEvent*)
{
    if (!m_snapshot)
        return;
    QPainter p(this);
    paintListLayout(p, *m_snapshot, m_layout, ArrowSwing{m_swingFrom, m_swingT}, m_paintCache);
}

void GroupListView::resizeEvent(QResizeEvent* event)
{
    // Only a new size moves the boxes (QWidget::grab() of a hidden widget sends its pending
    // resize again and again, with no old size).
    if (event->size() != m_cacheSize) {
        m_cacheSize = event->size();
        m_paintCache.clear();
    }
    relayout(false);
}

bool GroupListView::event(QEvent* e)
{
    if (e->type() == QEvent::FontChange) {
        m_legendWidths = legendEntryWidths(font());
        m_paintCache.clear();
        relayout(false);
    }
    if (e->type() == QEvent::ToolTip && m_snapshot) {
        auto* help = static_cast<QHelpEvent*>(e);
        const QString text = toolTipAt(*m_snapshot, m_layout, help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(e);
}

} // namespace racescope::ui
