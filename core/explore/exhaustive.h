#pragma once
// The exhaustive searches behind explore(): a plain one that enters every reachable state
// and one with partial-order reduction (por_search.cpp, docs/explorer.md). Each returns the
// first crashing path it finds, and fills in the result's counters.

#include "explore/explorer.h"

#include <chrono>
#include <optional>
#include <vector>

namespace racescope {

// A search's time budget and progress reports. Call tick() once per iteration of the search's
// loop; it reads the clock every 1024th call and returns false once the budget is spent.
class SearchClock {
public:
    explicit SearchClock(const ExploreOptions& options) : m_options(options) {}

    bool tick(uint64_t states)
    {
        if ((++m_ticks & 1023) != 0)
            return true;
        const double elapsed = std::chrono::duration<double>(Clock::now() - m_start).count();
        if (m_options.budgetSeconds > 0 && elapsed >= m_options.budgetSeconds)
            return false;
        if (m_options.progress && elapsed - m_lastProgress >= 1.0) {
            m_options.progress(states, elapsed);
            m_lastProgress = elapsed;
        }
        return true;
    }

private:
    using Clock = std::chrono::steady_clock;
    const ExploreOptions& m_options;
    Clock::time_point m_start = Clock::now();
    double m_lastProgress = 0;
    uint64_t m_ticks = 0;
};

// Drops the actions of tasks the options park (ExploreOptions::parked).
inline void dropParked(std::vector<Action>& actions, uint64_t parked)
{
    if (parked != 0)
        std::erase_if(actions, [parked](const Action& a) { return (parked >> a.task) & 1; });
}

std::optional<std::vector<Action>> plainSearch(const Scenario& scenario, const ExploreOptions& options,
                                               ExploreResult& result);
std::optional<std::vector<Action>> reducedSearch(const Scenario& scenario, const ExploreOptions& options,
                                                 ExploreResult& result);

// Why the reduction cannot be used on this scenario, or empty.
std::string reductionUnsupported(const Scenario& scenario);

} // namespace racescope
