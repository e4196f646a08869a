#pragma once
// The exhaustive searches behind explore(): a plain one that enters every reachable state
// and one with partial-order reduction (por_search.cpp, docs/explorer.md). Each returns the
// first crashing path it finds, and fills in the result's counters.

#include "explore/explorer.h"

#include <optional>
#include <vector>

namespace racescope {

std::optional<std::vector<Action>> plainSearch(const Scenario& scenario, const ExploreOptions& options,
                                               ExploreResult& result);
std::optional<std::vector<Action>> reducedSearch(const Scenario& scenario, const ExploreOptions& options,
                                                 ExploreResult& result);

// Why the reduction cannot be used on this scenario, or empty.
std::string reductionUnsupported(const Scenario& scenario);

} // namespace racescope
