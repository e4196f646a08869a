#include "paint/plottext.h"

namespace racescope::ui {

namespace {
// Text is not clipped to its element (an underscore hangs a pixel below a title's rect):
// the picture has room around it.
constexpr int kMargin = 4;

QRect pictureRect(QRect rect) { return rect.adjusted(-kMargin, -kMargin, kMargin, kMargin); }

QPixmap blankFor(QRect rect, qreal dpr)
{
    QPixmap pixmap(pictureRect(rect).size() * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    return pixmap;
}

// Makes `p` draw what lands in `rect` (and its margin) at its origin, in the state `like` is
// in: the same hints and modes, and QCustomPlot's half-pixel shift when antialiasing is on.
void standIn(QCPPainter& p, const QCPPainter& like, QRect rect)
{
    p.setRenderHints(QPainter::RenderHints(~0), false);
    p.setRenderHints(like.renderHints() & ~QPainter::Antialiasing, true);
    p.setModes(like.modes());
    p.setAntialiasing(like.antialiasing());
    p.translate(-pictureRect(rect).topLeft());
}

qreal ratioOf(const QCPPainter* painter)
{
    return painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
}
} // namespace

CachedTextElement::CachedTextElement(QCustomPlot* plot, const QString& text, const QFont& font)
    : QCPTextElement(plot, text, font)
{
}

void CachedTextElement::draw(QCPPainter* painter)
{
    const Look now{mText, mainFont(), mainTextColor(), mTextFlags, mRect.size(), mMargins, ratioOf(painter)};
    if (!(now == m_drawn) || m_picture.isNull()) {
        m_picture = blankFor(mRect, now.dpr);
        QCPPainter p(&m_picture);
        standIn(p, *painter, mRect);
        QCPTextElement::draw(&p);
        m_textBounds = mTextBoundingRect.translated(-mRect.topLeft());
        m_drawn = now;
    }
    painter->drawPixmap(pictureRect(mRect).topLeft(), m_picture);
    mTextBoundingRect = m_textBounds.translated(mRect.topLeft()); // selectTest reads it
}

void CachedTextElement::measure() const
{
    const Look now{mText, mFont, {}, mTextFlags, {}, mMargins, 0};
    if (now == m_measured && m_minimum.isValid())
        return;
    m_minimum = QCPTextElement::minimumOuterSizeHint();
    m_maximum = QCPTextElement::maximumOuterSizeHint();
    m_measured = now;
}

QSize CachedTextElement::minimumOuterSizeHint() const
{
    measure();
    return m_minimum;
}

QSize CachedTextElement::maximumOuterSizeHint() const
{
    measure();
    return m_maximum;
}

CachedLegendItem::CachedLegendItem(QCPLegend* legend, QCPGraph* graph)
    : QCPPlottableLegendItem(legend, graph), m_graph(graph)
{
}

CachedLegendItem::Look CachedLegendItem::look(QSize size, qreal dpr) const
{
    const QCPScatterStyle scatter = m_graph->scatterStyle();
    return {m_graph->name(),
            getFont(),
            getTextColor(),
            mParentLegend->iconSize(),
            mParentLegend->iconTextPadding(),
            getIconBorderPen(),
            m_graph->pen(),
            m_graph->brush(),
            int(m_graph->lineStyle()),
            int(scatter.shape()),
            scatter.size(),
            scatter.pen(),
            scatter.brush(),
            int(mParentPlot->antialiasedElements()),
            int(mParentPlot->notAntialiasedElements()),
            size,
            mMargins,
            dpr};
}

void CachedLegendItem::draw(QCPPainter* painter)
{
    const Look now = look(mRect.size(), ratioOf(painter));
    if (!(now == m_drawn) || m_picture.isNull()) {
        m_picture = blankFor(mRect, now.dpr);
        QCPPainter p(&m_picture);
        standIn(p, *painter, mRect);
        QCPPlottableLegendItem::draw(&p);
        m_drawn = now;
    }
    painter->drawPixmap(pictureRect(mRect).topLeft(), m_picture);
}

QSize CachedLegendItem::minimumOuterSizeHint() const
{
    const Look now = look({}, 0);
    if (!(now == m_measured) || !m_minimum.isValid()) {
        m_minimum = QCPPlottableLegendItem::minimumOuterSizeHint();
        m_measured = now;
    }
    return m_minimum;
}

} // namespace racescope::ui
