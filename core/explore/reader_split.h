#pragma once
// Readers one at a time. Readers that only read what other tasks write cannot help one
// another crash: another reader on the path changes nothing a crash depends on, it only holds
// writers back (its SRCU count keeps a scan from passing, its CPU keeps synchronize_sched()
// waiting). So every crash of the whole scenario is also a crash of the scenario in which all
// readers but one never run, and checking each reader alone against the other tasks proves
// what searching them all together would. Each reader multiplies the states of a search (by
// about 20 in `scaling`), so this turns a product into a sum. docs/explorer.md gives the
// argument and the conditions it needs; splitReaders() checks the conditions the scenario
// decides, and readerStepGuard() the one only the steps show: that a reader writes nothing
// but its own CPU's SRCU counters and scheduling state, and reads no other CPU's.

#include "explore/exhaustive.h"

#include <string>
#include <vector>

namespace racescope {

struct ReaderSplit {
    std::vector<uint8_t> readers; // at least two, or empty
    std::string refused;          // why not, when the scenario has two or more readers
};

ReaderSplit splitReaders(const Scenario& scenario);

// Why `reader`'s step with this footprint breaks the split, or empty.
std::string readerStepGuard(const Scenario& scenario, uint8_t reader, const Action& action,
                            const Footprint& footprint);

using ExhaustiveSearch = std::optional<std::vector<Action>> (*)(const Scenario&, const ExploreOptions&,
                                                                ExploreResult&);

// Runs `search` once per reader, the other readers parked, until one crashes or a budget
// ends, adding up the counters in `result`. A crash is returned as a path of the whole
// scenario. If a reader's step breaks the split, result.guardStop says how, and the result
// proves nothing.
std::optional<std::vector<Action>> searchReadersOneAtATime(const Scenario& scenario, const ExploreOptions& options,
                                                           ExploreResult& result, const ReaderSplit& split,
                                                           ExhaustiveSearch search);

} // namespace racescope
