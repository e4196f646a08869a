#pragma once
// What the simulation thread hands the views, at most 60 times a second: an immutable
// snapshot of the machine and the lane spans since the previous frame. Views keep whatever
// history they draw (the lanes, the plots) and drop it when `reset` is set.
//
// A step back re-simulates the run up to an earlier step and sends a frame with both
// `reset` and `rewound` set: its timeline (and the kernel events before it) hold the whole
// run from step 0, and history a view kept up to that step is still true of this run (the
// same steps were taken again), so a view may keep it instead of starting over.

#include "snapshot/snapshot.h"
#include "timeline/timeline.h"

#include <QMetaType>

#include <memory>

namespace racescope::ui {

struct SimFrame {
    std::shared_ptr<const Snapshot> snapshot;
    TimelineDelta timeline;
    uint64_t stateHash = 0;    // Machine::stateHash(): equal hashes, equal futures
    double stepsPerSecond = 0; // measured over the last second of simulation
    bool reset = false;        // first frame of a (re)loaded scenario, or of a step back
    bool rewound = false;      // with reset: back at an earlier step of the same run
};

} // namespace racescope::ui

Q_DECLARE_METATYPE(racescope::ui::SimFrame)
