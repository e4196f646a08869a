#pragma once
// One lane per CPU along simulated time: SRCU read sections, sleeps, synchronize_srcu steps, grace periods, the oops.
// (Stub: the drawing lands with the view's own change.)

#include "sim/simframe.h"

#include <QWidget>

namespace racescope::ui {

class CpuLanesView : public QWidget {
    Q_OBJECT
public:
    explicit CpuLanesView(QWidget* parent = nullptr);

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);
};

} // namespace racescope::ui
