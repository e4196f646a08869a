#pragma once
// Readers in flight per SRCU index, grace-period durations, events delivered per second, queue lengths.
// (Stub: the drawing lands with the view's own change.)

#include "sim/simframe.h"

#include <QWidget>

namespace racescope::ui {

class PlotsView : public QWidget {
    Q_OBJECT
public:
    explicit PlotsView(QWidget* parent = nullptr);

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);
};

} // namespace racescope::ui
