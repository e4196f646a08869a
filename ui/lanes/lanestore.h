#pragma once
// The lanes' history: every closed span since the last reset, plus the spans still open at
// the latest frame. Spans close in step order, so they are kept sorted by end; a visible
// range is then found by binary search, and the longest span bounds how far past the
// range a span that still overlaps it can end.

#include "timeline/timeline.h"

#include <functional>
#include <vector>

namespace racescope::ui {

class LaneStore {
public:
    void clear();
    void add(const TimelineDelta& delta);

    uint64_t step() const { return m_step; }
    size_t size() const { return m_closed.size(); }
    const std::vector<LaneSpan>& open() const { return m_open; } // their end is step()

    // Calls f for each span (closed or open, open ones ending at step()) that overlaps
    // [from, to], points included when from <= begin <= to.
    void forEachIn(double from, double to, const std::function<void(const LaneSpan&)>& f) const;
    // The first oops, if any.
    const LaneSpan* oops() const { return m_oops.empty() ? nullptr : &m_oops.front(); }

private:
    std::vector<LaneSpan> m_closed; // sorted by end
    std::vector<LaneSpan> m_open;
    std::vector<LaneSpan> m_oops;
    uint64_t m_longest = 0;
    uint64_t m_step = 0;
};

} // namespace racescope::ui
