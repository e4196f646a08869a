#pragma once
// Events created by file operations, the groups they reach, each group's queue and its consumers.
// (Stub: the drawing lands with the view's own change.)

#include "sim/simframe.h"

#include <QWidget>

namespace racescope::ui {

class NotificationFlowView : public QWidget {
    Q_OBJECT
public:
    explicit NotificationFlowView(QWidget* parent = nullptr);

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);
};

} // namespace racescope::ui
