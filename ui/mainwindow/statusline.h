#pragma once
// The status bar's permanent part: step count, steps per second and the run's status
// (running, paused, oops, finished, deadlock), the last one coloured so an oops is seen
// from the back of a room.

#include "sim/simframe.h"

#include <QObject>

class QLabel;
class QStatusBar;

namespace racescope::ui {

class StatusLine : public QObject {
    Q_OBJECT
public:
    explicit StatusLine(QStatusBar* bar);

    QString statusText() const;
    QString stepText() const;

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);
    void setRunning(bool running);

private:
    void renderStatus();

    QLabel* m_step = nullptr;
    QLabel* m_rate = nullptr;
    QLabel* m_status = nullptr;
    RunStatus m_runStatus = RunStatus::Running;
    bool m_running = false;
    bool m_loaded = false;
};

} // namespace racescope::ui
