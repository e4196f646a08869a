#include "lanes/cpulanesview.h"

namespace racescope::ui {

CpuLanesView::CpuLanesView(QWidget* parent) : QWidget(parent) {}

void CpuLanesView::showFrame(const SimFrame& frame)
{
    Q_UNUSED(frame);
}

} // namespace racescope::ui
