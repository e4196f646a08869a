#pragma once
// QCustomPlot replots into widget-sized transparent buffers: it clears each one and the
// widget blends each one in, on every replot. Its "overlay" layer has a buffer of its own,
// so that a selection rectangle can be redrawn without the plot; no view here draws one, so
// the overlay shares the main buffer, which halves that per-frame cost. And the plot fills
// its whole widget with its background before the buffers go on: marked opaque, it spares
// Qt filling that area with the parent's background first.

class QCustomPlot;

namespace racescope::ui {

void cheapenRepaint(QCustomPlot* plot);

} // namespace racescope::ui
