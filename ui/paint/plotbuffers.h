#pragma once
// QCustomPlot replots into widget-sized transparent buffers: it clears each one and the
// widget blends each one in, on every replot. Its "overlay" layer has a buffer of its own,
// so that a selection rectangle can be redrawn without the plot; no view here draws one, so
// the overlay shares the main buffer, which halves that per-frame cost.

class QCustomPlot;

namespace racescope::ui {

void shareOverlayBuffer(QCustomPlot* plot);

} // namespace racescope::ui
