#pragma once
// --screenshot: waits until the simulation thread stopped (the oops, the end, the
// --after-steps limit) or, with no run asked for, until the first frame, lets the views
// paint, saves the window as a PNG and quits the application with 0 (1 if saving failed
// or nothing happened within the time limit).

#include <QObject>
#include <QString>

class QTimer;

namespace racescope::ui {
class MainWindow;
}

class Screenshotter : public QObject {
    Q_OBJECT
public:
    Screenshotter(racescope::ui::MainWindow* window, QString file, bool waitForRun);

private:
    void settle();
    void take();

    racescope::ui::MainWindow* m_window;
    QString m_file;
    bool m_scheduled = false;
};
