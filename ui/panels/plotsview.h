#pragma once
// Readers in flight per SRCU index, grace-period durations, events delivered, queue
// lengths: four stacked plots over simulated steps, sharing the step axis, with the oops
// marked in each. The numbers come from PlotSeries; this widget only hands them to
// QCustomPlot, appending new points rather than re-sending the history every frame.

#include "panels/plotseries.h"
#include "sim/simframe.h"

#include <QWidget>

#include <array>

class QCustomPlot;
class QCPGraph;
class QCPAxisRect;
class QCPItemStraightLine;
class QCPAbstractItem;

namespace racescope::ui {

class PlotsView : public QWidget {
    Q_OBJECT
public:
    explicit PlotsView(QWidget* parent = nullptr);

    const PlotSeries& series() const { return m_series; }
    QCustomPlot* plot() const { return m_plot; }
    bool showsOops() const { return !m_oopsLines.empty(); }

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);

private:
    struct Bound {
        QCPGraph* graph;
        const Series* series;
        size_t pushed = 0;
    };
    QCPAxisRect* addRect(const QString& title, const QString& yLabel);
    void bind(QCPAxisRect* rect, const Series& series, const QString& name, const QColor& colour, bool steps);
    void push();

    QCustomPlot* m_plot = nullptr;
    PlotSeries m_series;
    std::vector<QCPAxisRect*> m_rects;
    std::vector<Bound> m_bound;
    std::vector<QCPItemStraightLine*> m_oopsLines;
    std::vector<QCPAbstractItem*> m_oopsItems;
};

} // namespace racescope::ui
