#include "listview/grouplistview.h"

namespace racescope::ui {

GroupListView::GroupListView(QWidget* parent) : QWidget(parent) {}

void GroupListView::showFrame(const SimFrame& frame)
{
    Q_UNUSED(frame);
}

} // namespace racescope::ui
