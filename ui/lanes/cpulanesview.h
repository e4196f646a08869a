#pragma once
// One lane per CPU along simulated time: SRCU read sections, sleeps, synchronize_srcu
// steps, grace periods, evictions, frees and the oops, with a playhead at the latest step.
// The view follows the playhead until the user zooms or pans away from it; panning back
// to the present resumes following.

#include "lanes/lanegeometry.h"
#include "lanes/lanestore.h"
#include "sim/simframe.h"

#include <QWidget>

#include <memory>

class QCustomPlot;
class QCPRange;

namespace racescope::ui {

class LanesLayer;

class CpuLanesView : public QWidget {
    Q_OBJECT
public:
    explicit CpuLanesView(QWidget* parent = nullptr);

    const LaneStore& store() const { return m_store; }
    LaneGeometry geometry() const;
    bool following() const { return m_follow; }
    QCustomPlot* plot() const { return m_plot; }
    double lastDrawMs() const;

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);
    void zoomIn();
    void zoomOut();
    void panLeft();
    void panRight();
    // Centres the lanes on a step, keeping the zoom (for the explanation's links).
    void showStep(quint64 step);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setGeometry(const LaneGeometry& g);
    void userRangeChanged(const QCPRange& range);
    void setLanes(int lanes);

    QCustomPlot* m_plot = nullptr;
    LanesLayer* m_layer = nullptr;
    LaneStore m_store;
    std::shared_ptr<const Snapshot> m_snapshot;
    int m_lanes = 0;
    bool m_follow = true;
    bool m_settingRange = false;
};

} // namespace racescope::ui
