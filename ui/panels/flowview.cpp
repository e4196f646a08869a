#include "panels/flowview.h"

namespace racescope::ui {

NotificationFlowView::NotificationFlowView(QWidget* parent) : QWidget(parent) {}

void NotificationFlowView::showFrame(const SimFrame& frame)
{
    Q_UNUSED(frame);
}

} // namespace racescope::ui
