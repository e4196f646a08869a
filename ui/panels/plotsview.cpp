#include "panels/plotsview.h"

namespace racescope::ui {

PlotsView::PlotsView(QWidget* parent) : QWidget(parent) {}

void PlotsView::showFrame(const SimFrame& frame)
{
    Q_UNUSED(frame);
}

} // namespace racescope::ui
