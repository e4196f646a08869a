#pragma once
// QCustomPlot measures and shapes every title and legend entry again on every replot (about
// 0.2 M instructions a title), though the text never changes: a replot of the plots spent
// a tenth of its time there. These two keep the picture and the size of what they show,
// drawn by QCustomPlot's own code into a pixmap, and draw it again only when something it
// shows changes (text, font, colour, size; for a legend entry also its graph's look).

#include <qcustomplot.h>

namespace racescope::ui {

class CachedTextElement : public QCPTextElement {
    Q_OBJECT
public:
    CachedTextElement(QCustomPlot* plot, const QString& text, const QFont& font);

protected:
    void draw(QCPPainter* painter) override;
    QSize minimumOuterSizeHint() const override;
    QSize maximumOuterSizeHint() const override;

private:
    struct Look {
        QString text;
        QFont font;
        QColor colour;
        int flags = 0;
        QSize size;
        QMargins margins;
        qreal dpr = 0;
        bool operator==(const Look&) const = default;
    };
    void measure() const;

    Look m_drawn;
    QPixmap m_picture;
    QRect m_textBounds; // relative to the element's rect
    mutable Look m_measured;
    mutable QSize m_minimum, m_maximum;
};

// A graph's legend entry: line or scatter icon and name.
class CachedLegendItem : public QCPPlottableLegendItem {
    Q_OBJECT
public:
    CachedLegendItem(QCPLegend* legend, QCPGraph* graph);

protected:
    void draw(QCPPainter* painter) override;
    QSize minimumOuterSizeHint() const override;

private:
    struct Look {
        QString name;
        QFont font;
        QColor colour;
        QSize iconSize;
        int iconTextPadding = 0;
        QPen iconBorder;
        QPen pen;
        QBrush brush;
        int lineStyle = 0;
        int scatterShape = 0;
        double scatterSize = 0;
        QPen scatterPen;
        QBrush scatterBrush;
        int antialiased = 0, notAntialiased = 0;
        QSize size;
        QMargins margins;
        qreal dpr = 0;
        bool operator==(const Look&) const = default;
    };
    Look look(QSize size, qreal dpr) const;

    QCPGraph* m_graph;
    Look m_drawn;
    QPixmap m_picture;
    mutable Look m_measured;
    mutable QSize m_minimum;
};

} // namespace racescope::ui
