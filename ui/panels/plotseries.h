#pragma once
// The time series PlotsView draws, derived frame by frame from snapshots and lane spans:
// readers in flight per SRCU index, each grace period's length, events delivered, queue
// lengths. No Qt widgets here, so a test can feed frames and read the numbers back.
//
// Deliveries are not in a snapshot; they are inferred: the net growth of every group's
// queue between two frames plus the reads that finished in between (a task that was inside
// inotify_read and has left it took one event off a queue). Frames far apart can hide a
// read that started and ended between them, so the figure is a lower bound.

#include "sim/simframe.h"

#include <array>
#include <deque>
#include <map>
#include <utility>
#include <vector>

namespace racescope::ui {

struct Series {
    std::vector<double> x, y;
    void add(double xv, double yv)
    {
        x.push_back(xv);
        y.push_back(yv);
    }
    void clear()
    {
        x.clear();
        y.clear();
    }
};

class PlotSeries {
public:
    void clear();
    // A rewound frame keeps the points before its step (the same run took the same steps)
    // and starts the rest over; any other reset clears everything.
    void add(const SimFrame& frame);

    Series readers[2];      // srcu.sums per index
    Series gracePeriod;     // x: the step it ended, y: its length in steps
    Series deliveredPerKStep; // events delivered per 1000 steps, over the last kRateWindow steps
    Series queueTotal, queueMax;
    double deliveredTotal = 0;
    double deliveredPerSecond = 0; // wall clock, at the frame's measured simulation speed

    // Old points are thinned (every other one dropped) past this many, so memory and
    // drawing stay bounded however long a run goes.
    static constexpr size_t kMaxPoints = 20000;

private:
    void thin();
    void rewind(uint64_t step);
    std::array<Series*, 7> everySeries();

    Series m_deliveredSoFar; // deliveredTotal as it was at each point, for a rewind
    std::map<std::pair<uint64_t, uint32_t>, uint32_t> m_qLen; // (address, generation) -> q_len
    std::vector<bool> m_inRead;                               // per task, at the last frame
    // (step, events delivered since the previous frame) over the last kRateWindow steps:
    // frames may be a few steps apart, and a rate over one interval is all spikes.
    std::deque<std::pair<uint64_t, double>> m_recent;
    static constexpr uint64_t kRateWindow = 500;
    uint64_t m_lastStep = 0;
    bool m_primed = false;
};

} // namespace racescope::ui
