#pragma once
// What the span under the mouse is, in words: the lane tooltip.

#include "lanes/lanestore.h"
#include "snapshot/snapshot.h"

#include <QString>

namespace racescope::ui {

// `band` is the fraction of the lane's height under the mouse (0 top, 1 bottom); `slack`
// how many steps either side still count as a hit, for points and thin spans.
QString laneToolTip(const LaneStore& store, const Snapshot* snapshot, int cpu, double step, double band, double slack);

} // namespace racescope::ui
