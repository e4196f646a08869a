#pragma once
// "Why is ->next NULL?": the chain of causes of an oops, read backwards out of the trace.
// The faulting load, the load that produced the bad pointer, the store that put that value
// in memory, the free of the object the walk stood on, its eviction, the reader's section,
// the grace period that did not cover the reader, and the fault switch responsible. Each
// link names step, CPU, task, function and source line.

#include "machine/machine.h"

#include <string>
#include <vector>

namespace racescope {

enum class CauseKind : uint8_t {
    FaultingAccess,
    PointerLoad,
    PointerStore,
    WalkEntry,
    Eviction,
    Free,
    ReadSection,
    GracePeriod,
    ReaderSlept,
    MismatchedUnlock,
    FaultSwitch,
};
std::string_view causeKindName(CauseKind kind);

struct CauseLink {
    CauseKind kind = CauseKind::FaultingAccess;
    uint64_t step = 0;
    int cpu = -1;
    int task = -1;     // -1: no task (boot, or a scribble)
    uint16_t site = 0; // 0: no code site
    uint64_t address = 0;
    std::string text;  // one sentence
};

struct Explanation {
    std::vector<CauseLink> links; // from the crash backwards
    std::string missing;          // what could not be established, if anything
};

// Needs the machine's trace (tracing on from the first step).
Explanation explainOops(const Machine& machine, const Oops& oops);
// False for links whose sentence already names their code line, so views add it only once.
bool linkNeedsSite(const CauseLink& link);
std::string formatExplanation(const Machine& machine, const Explanation& explanation);

} // namespace racescope
