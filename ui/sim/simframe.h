#pragma once
// What the simulation thread hands the views, at most 60 times a second: an immutable
// snapshot of the machine and the lane spans since the previous frame. Views keep whatever
// history they draw (the lanes, the plots) and drop it when `reset` is set.

#include "snapshot/snapshot.h"
#include "timeline/timeline.h"

#include <QMetaType>

#include <memory>

namespace racescope::ui {

struct SimFrame {
    std::shared_ptr<const Snapshot> snapshot;
    TimelineDelta timeline;
    double stepsPerSecond = 0; // measured over the last second of simulation
    bool reset = false;        // first frame of a (re)loaded scenario
};

} // namespace racescope::ui

Q_DECLARE_METATYPE(racescope::ui::SimFrame)
