#include "lanes/lanestore.h"

#include <algorithm>

namespace racescope::ui {

void LaneStore::clear()
{
    m_closed.clear();
    m_open.clear();
    m_oops.clear();
    m_longest = 0;
    m_step = 0;
}

void LaneStore::add(const TimelineDelta& d)
{
    const size_t before = m_closed.size();
    for (const LaneSpan& s : d.closed) {
        m_closed.push_back(s);
        m_longest = std::max(m_longest, s.end - s.begin);
        if (s.kind == SpanKind::Oops)
            m_oops.push_back(s);
    }
    // A delta's spans close in step order; sort only when one arrives out of it.
    const auto byEnd = [](const LaneSpan& a, const LaneSpan& b) { return a.end < b.end; };
    if (!std::is_sorted(m_closed.begin() + static_cast<std::ptrdiff_t>(before ? before - 1 : 0), m_closed.end(), byEnd))
        std::stable_sort(m_closed.begin(), m_closed.end(), byEnd);
    m_open = d.open;
    for (LaneSpan& s : m_open)
        s.end = d.step;
    m_step = std::max(m_step, d.step);
}

void LaneStore::forEachIn(double from, double to, const std::function<void(const LaneSpan&)>& f) const
{
    auto it = std::lower_bound(m_closed.begin(), m_closed.end(), from,
                               [](const LaneSpan& s, double v) { return static_cast<double>(s.end) < v; });
    const double stop = to + static_cast<double>(m_longest);
    for (; it != m_closed.end() && static_cast<double>(it->end) <= stop; ++it)
        if (static_cast<double>(it->begin) <= to)
            f(*it);
    for (const LaneSpan& s : m_open)
        if (static_cast<double>(s.begin) <= to && static_cast<double>(s.end) >= from)
            f(s);
}

} // namespace racescope::ui
