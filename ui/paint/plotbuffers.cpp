#include "paint/plotbuffers.h"

#include <qcustomplot.h>

namespace racescope::ui {

void shareOverlayBuffer(QCustomPlot* plot)
{
    if (QCPLayer* overlay = plot->layer(QStringLiteral("overlay")))
        overlay->setMode(QCPLayer::lmLogical);
}

} // namespace racescope::ui
