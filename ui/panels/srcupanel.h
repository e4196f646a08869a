#pragma once
// fsnotify_grp_srcu as a table: per CPU c[0] and c[1], their sums, `completed`, the mutex
// owner, and each writer's step of synchronize_srcu. The index new readers take and the
// index a writer is scanning are marked, so a sum reaching zero under a reader shows.

#include "panels/srcutable.h"
#include "sim/simframe.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace racescope::ui {

class SrcuPanel : public QWidget {
    Q_OBJECT
public:
    explicit SrcuPanel(QWidget* parent = nullptr);

    const SrcuTable& table() const { return m_table; }

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);

private:
    void render();

    SrcuTable m_table;
    QLabel* m_header = nullptr;
    QTableWidget* m_counters = nullptr;
    QLabel* m_writers = nullptr;
};

} // namespace racescope::ui
