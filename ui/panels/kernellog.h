#pragma once
// A dmesg-style console: group allocations and frees, grace periods, and the oops in the
// kernel's own format. Above it, once the machine oopsed, a red line says so in words, so
// nobody has to find the BUG line in the scroll.

#include "panels/kernellogmodel.h"
#include "sim/simframe.h"

#include <QWidget>

#include <map>

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
    // The step an explanation line names, or -1 for any other line.
    int64_t stepAtLine(int block) const;

signals:
    // A link of the explanation was clicked: the view should show that step.
    void stepSelected(quint64 step);

public slots:
    // As if the line had been clicked.
    void activateLine(int block);
    void addEvents(const racescope::ui::KernelEvents& events);
    void showFrame(const racescope::ui::SimFrame& frame);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    KernelLogModel m_model;
    std::map<int, int64_t> m_lineSteps; // console block -> step, for explanation lines
    QLabel* m_banner = nullptr;
    QPlainTextEdit* m_console = nullptr;
};

// "Kernel oops at step 558: NULL pointer dereference at fsnotify+0x93 by rm-1 on CPU 1"
QString oopsSummary(const Snapshot& snapshot);

} // namespace racescope::ui
