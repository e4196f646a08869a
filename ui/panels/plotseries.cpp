#include "panels/plotseries.h"

#include <algorithm>

namespace racescope::ui {

std::array<Series*, 7> PlotSeries::everySeries()
{
    return {&readers[0], &readers[1], &gracePeriod, &deliveredPerKStep, &queueTotal, &queueMax, &m_deliveredSoFar};
}

namespace {

bool inInotifyRead(const TaskView& t)
{
    return std::any_of(t.callSites.begin(), t.callSites.end(),
                       [](uint16_t site) { return siteFunction(site) == FunctionId::inotify_read; });
}

void thinSeries(Series& s)
{
    size_t w = 0;
    for (size_t r = 0; r < s.x.size(); r += 2, ++w) {
        s.x[w] = s.x[r];
        s.y[w] = s.y[r];
    }
    s.x.resize(w);
    s.y.resize(w);
}

} // namespace

void PlotSeries::clear()
{
    for (Series* s : everySeries())
        s->clear();
    deliveredTotal = 0;
    deliveredPerSecond = 0;
    m_qLen.clear();
    m_inRead.clear();
    m_recent.clear();
    m_lastStep = 0;
    m_primed = false;
}

void PlotSeries::rewind(uint64_t step)
{
    const double before = static_cast<double>(step);
    for (Series* s : everySeries()) {
        const auto keep = std::lower_bound(s->x.begin(), s->x.end(), before) - s->x.begin();
        s->x.resize(static_cast<size_t>(keep));
        s->y.resize(static_cast<size_t>(keep));
    }
    gracePeriod.clear(); // the rewound frame's timeline brings every grace period from step 0 again
    deliveredTotal = m_deliveredSoFar.y.empty() ? 0.0 : m_deliveredSoFar.y.back();
    while (!m_recent.empty() && m_recent.back().first >= step)
        m_recent.pop_back();
    // What the next frame is measured against is this one: deliveries start over from it.
    m_qLen.clear();
    m_inRead.clear();
    m_primed = false;
}

void PlotSeries::add(const SimFrame& frame)
{
    if (frame.reset) {
        if (frame.rewound && frame.snapshot)
            rewind(frame.snapshot->step);
        else
            clear();
    }
    for (const LaneSpan& span : frame.timeline.closed)
        if (span.kind == SpanKind::GracePeriod)
            gracePeriod.add(static_cast<double>(span.end), static_cast<double>(span.end - span.begin));
    if (!frame.snapshot)
        return;
    const Snapshot& s = *frame.snapshot;
    const double x = static_cast<double>(s.step);
    readers[0].add(x, static_cast<double>(s.srcu.sums[0]));
    readers[1].add(x, static_cast<double>(s.srcu.sums[1]));

    std::map<std::pair<uint64_t, uint32_t>, uint32_t> qLen;
    double total = 0, longest = 0, growth = 0;
    for (const GroupObject& g : s.groups) {
        if (g.life == ObjectLife::Free)
            continue;
        const std::pair key{g.address, g.generation};
        qLen[key] = g.qLen;
        total += g.qLen;
        longest = std::max(longest, static_cast<double>(g.qLen));
        auto before = m_qLen.find(key);
        growth += static_cast<double>(g.qLen) - (before == m_qLen.end() ? 0.0 : static_cast<double>(before->second));
    }
    queueTotal.add(x, total);
    queueMax.add(x, longest);

    std::vector<bool> inRead(s.tasks.size());
    double reads = 0;
    for (size_t t = 0; t < s.tasks.size(); ++t) {
        inRead[t] = inInotifyRead(s.tasks[t]);
        if (t < m_inRead.size() && m_inRead[t] && !inRead[t])
            reads += 1;
    }
    if (m_primed && s.step > m_lastStep) {
        // A destroyed group's queue is flushed, not delivered: growth below zero is not undone.
        const double delivered = std::max(0.0, growth + reads);
        const double steps = static_cast<double>(s.step - m_lastStep);
        deliveredTotal += delivered;
        m_deliveredSoFar.add(x, deliveredTotal);
        m_recent.emplace_back(s.step, delivered);
        while (m_recent.size() > 1 && m_recent.front().first + kRateWindow < s.step)
            m_recent.pop_front();
        double inWindow = 0;
        for (const auto& [at, n] : m_recent)
            inWindow += n;
        const double windowSteps = static_cast<double>(std::max<uint64_t>(1, std::min<uint64_t>(s.step, kRateWindow)));
        deliveredPerKStep.add(x, inWindow * 1000.0 / windowSteps);
        deliveredPerSecond = delivered / steps * frame.stepsPerSecond;
    }
    m_qLen = std::move(qLen);
    m_inRead = std::move(inRead);
    m_lastStep = s.step;
    m_primed = true;
    thin();
}

void PlotSeries::thin()
{
    for (Series* s : everySeries())
        if (s->x.size() > kMaxPoints)
            thinSeries(*s);
}

} // namespace racescope::ui
