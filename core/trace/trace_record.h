#pragma once
// One record per visible effect of a step. A step may leave several records (a call, then
// the load it performs); they share the step number. Stores carry the old and the new value
// and scheduling records carry the scheduler's choice, so a replay can rebuild any state
// either by re-applying stores from a checkpoint or by re-running the recorded choices.

#include <cstdint>
#include <string_view>

namespace racescope {

enum class RecordKind : uint8_t {
    Load,     // address, after = value read, size
    Store,    // address, before, after, size
    Fault,    // address that could not be accessed; aux = AccessFaultKind
    Alloc,    // address = object, after = object size, aux = cache index
    Free,     // address = object, aux = cache index
    Call,     // address = callee entry, aux = FunctionId
    Return,   // after = return value, aux = FunctionId
    Schedule, // the scheduler's choice: address = task, after = cpu, aux = ActionKind
    Switch,   // address = previous task on the CPU (0xff for idle), after = next task
    Sleep,    // the task left its CPU; aux = SleepReason
    Wake,     // address = task made runnable; aux = SleepReason it was in
    Oops,     // address = faulting address, after = rip, aux = AccessFaultKind
};

std::string_view recordKindName(RecordKind kind);

inline constexpr uint8_t kNoTask = 0xff;

struct TraceRecord {
    uint64_t step = 0;
    uint64_t address = 0;
    uint64_t before = 0;
    uint64_t after = 0;
    uint16_t site = 0; // FunctionId << 8 | source line of our listing
    uint16_t aux = 0;
    uint8_t cpu = 0;
    uint8_t task = kNoTask;
    RecordKind kind = RecordKind::Load;
    uint8_t size = 0;

    bool operator==(const TraceRecord&) const = default;
};

static_assert(sizeof(TraceRecord) == 40, "keep records compact: traces hold millions of them");

} // namespace racescope
