#pragma once
// A dmesg-style console: group allocations and frees, grace periods, and the oops in the
// kernel's own format. Above it, once the machine oopsed, a red line says so in words, so
// nobody has to find the BUG line in the scroll.

#include "panels/kernellogmodel.h"
#include "sim/simframe.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace racescope::ui {

class KernelLog : public QWidget {
    Q_OBJECT
public:
    explicit KernelLog(QWidget* parent = nullptr);

    QString text() const;
    // The red summary line; empty before an oops.
    QString oopsSummary() const;

public slots:
    void addEvents(const racescope::ui::KernelEvents& events);
    void showFrame(const racescope::ui::SimFrame& frame);

private:
    KernelLogModel m_model;
    QLabel* m_banner = nullptr;
    QPlainTextEdit* m_console = nullptr;
};

// "Kernel oops at step 558: NULL pointer dereference at fsnotify+0x93 by rm-1 on CPU 1"
QString oopsSummary(const Snapshot& snapshot);

} // namespace racescope::ui
