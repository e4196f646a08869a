#pragma once
// The lanes drawn straight onto QCustomPlot's axis rect: one layerable instead of an item
// per span, because a run has thousands of spans and QCustomPlot items cost an object,
// a selection test and a layer entry each.

#include "lanes/lanestore.h"

#include <qcustomplot.h>

namespace racescope::ui {

class LanesLayer : public QCPLayerable {
public:
    LanesLayer(QCustomPlot* plot, QCPAxisRect* rect, const LaneStore& store);

    void setLanes(int lanes) { m_lanes = lanes; }
    double lastDrawMs() const { return m_lastDrawMs; }

protected:
    void applyDefaultAntialiasingHint(QCPPainter* painter) const override;
    void draw(QCPPainter* painter) override;
    QRect clipRect() const override;

private:
    QCPAxisRect* m_rect;
    const LaneStore& m_store;
    int m_lanes = 1;
    double m_lastDrawMs = 0;
};

} // namespace racescope::ui
