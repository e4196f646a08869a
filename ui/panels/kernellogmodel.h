#pragma once
// The kernel log's lines: group allocations, links, evictions and frees, each
// synchronize_srcu() grace period (events from the trace, with their exact steps), and the
// oops text exactly as the core formats it (Snapshot::oopsReports, the seed's format).
//
// Timestamps are dmesg's "[seconds.micros]" with one step taken as one microsecond: the
// model has no clock, and steps are the time every other panel shows.

// simframe.h first: it brings the core headers, which must precede Qt's `slots` macro.
#include "sim/simframe.h"
#include "sim/kernelevents.h"

#include <QString>

#include <map>
#include <vector>

namespace racescope::ui {

QString dmesgTimestamp(uint64_t step); // "[    0.000558]"

struct LogLine {
    QString text;
    bool oops = false; // part of an oops report
    int64_t step = -1; // a link of the explanation: the step it names
};

class KernelLogModel {
public:
    // Events wait for the frame they came with: its snapshot names the tasks.
    void addEvents(const KernelEvents& events);
    // The lines the pending events and this frame add, in step order. A reset frame starts
    // the log over from the events that came with it.
    std::vector<LogLine> append(const SimFrame& frame);
    void clear();

private:
    KernelEvents m_pending;
    std::map<unsigned, uint64_t> m_gracePeriods;  // task -> step it entered synchronize_srcu
    size_t m_oopsReports = 0;
    bool m_explained = false;
};

} // namespace racescope::ui
