#include "paint/plotbuffers.h"

#include <qcustomplot.h>

namespace racescope::ui {

void cheapenRepaint(QCustomPlot* plot)
{
    if (QCPLayer* overlay = plot->layer(QStringLiteral("overlay")))
        overlay->setMode(QCPLayer::lmLogical);
    plot->setAttribute(Qt::WA_OpaquePaintEvent, true);
}

} // namespace racescope::ui
