#include "sim/pacing.h"

#include <algorithm>

namespace racescope::ui {

void BatchSizer::record(uint64_t steps, int64_t elapsedNs)
{
    if (steps == 0)
        return;
    // A batch that ended early (an oops, a pause) or ran too fast to time says little.
    if (elapsedNs <= 0) {
        m_size = std::min(kMax, m_size * 2);
        return;
    }
    const double perStep = double(elapsedNs) / double(steps);
    const double ideal = double(kTargetNs) / perStep;
    // Halfway towards the ideal: one slow batch (a page fault, a busy GUI) does not halve the pace.
    const double next = (double(m_size) + ideal) / 2;
    m_size = std::clamp<uint64_t>(uint64_t(next), kMin, kMax);
}

void RateMeter::sample(int64_t nowMs, uint64_t steps)
{
    if (!m_samples.empty() && steps < m_samples.back().second)
        m_samples.clear(); // a reset: the count started over
    m_samples.emplace_back(nowMs, steps);
    while (m_samples.size() > 2 && nowMs - m_samples[1].first >= kWindowMs)
        m_samples.pop_front();
}

double RateMeter::rate() const
{
    if (m_samples.size() < 2)
        return 0;
    const auto& [t0, s0] = m_samples.front();
    const auto& [t1, s1] = m_samples.back();
    if (t1 <= t0)
        return 0;
    return double(s1 - s0) * 1000.0 / double(t1 - t0);
}

uint64_t stepsDue(double stepsPerSecond, int64_t elapsedMs, uint64_t done)
{
    const double owed = stepsPerSecond * double(elapsedMs) / 1000.0;
    const uint64_t whole = owed <= 0 ? 0 : uint64_t(owed);
    return whole > done ? whole - done : 0;
}

} // namespace racescope::ui
