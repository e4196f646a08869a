#pragma once
// fsnotify_groups as the real circular doubly linked list, with object lives, readers and the faulting pointer.
// (Stub: the drawing lands with the view's own change.)

#include "sim/simframe.h"

#include <QWidget>

namespace racescope::ui {

class GroupListView : public QWidget {
    Q_OBJECT
public:
    explicit GroupListView(QWidget* parent = nullptr);

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);
};

} // namespace racescope::ui
