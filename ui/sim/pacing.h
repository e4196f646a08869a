#pragma once
// The simulation thread's three clocks, as plain values so they are tested without a thread:
// how many steps a batch should take so that it lasts about 10 ms, whether a frame is due
// (at most 60 a second), and the steps per second measured over the last second.
//
// Times are milliseconds or nanoseconds from any monotonic clock; none of these read a clock
// themselves, which is what makes them deterministic under test.

#include <cstdint>
#include <deque>
#include <utility>

namespace racescope::ui {

// Batches sized from the last batch's measured cost. A batch that is too long makes pause
// and step commands wait; one that is too short spends the time in the event loop instead.
class BatchSizer {
public:
    static constexpr int64_t kTargetNs = 10'000'000;
    static constexpr uint64_t kMin = 16;
    static constexpr uint64_t kMax = 1u << 20;

    uint64_t size() const { return m_size; }
    void record(uint64_t steps, int64_t elapsedNs);

private:
    uint64_t m_size = 256;
};

// At most one frame per interval, unless a frame is forced (a step command, a pause, an oops).
class FramePacer {
public:
    // Rounded up: 16 ms would allow 62 frames a second.
    static constexpr int64_t kIntervalMs = (1000 + 59) / 60;

    bool due(int64_t nowMs) const { return !m_published || nowMs - m_lastMs >= kIntervalMs; }
    void published(int64_t nowMs)
    {
        m_lastMs = nowMs;
        m_published = true;
    }
    void reset() { m_published = false; }

private:
    int64_t m_lastMs = 0;
    bool m_published = false;
};

// Steps per second over a sliding window of one second.
class RateMeter {
public:
    static constexpr int64_t kWindowMs = 1000;

    void sample(int64_t nowMs, uint64_t steps);
    double rate() const;
    void reset() { m_samples.clear(); }

private:
    std::deque<std::pair<int64_t, uint64_t>> m_samples;
};

// Steps still owed by a run at `stepsPerSecond` that began `elapsedMs` ago with `done` taken.
uint64_t stepsDue(double stepsPerSecond, int64_t elapsedMs, uint64_t done);

} // namespace racescope::ui
