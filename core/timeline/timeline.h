#pragma once
// Spans for the CPU lanes, built from trace records as they arrive: who ran what on which
// CPU, when. A reader's SRCU section (with its index), a task asleep (inside a section or
// not), each step of synchronize_srcu, the grace period as a whole, evictions, frees and
// the oops. The builder needs nothing but records, so a trace from a live run (a later
// stage) feeds it just as well as the simulator.

#include "trace/trace.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace racescope {

enum class SpanKind : uint8_t {
    ReadSection, // detail: SRCU index 0/1
    Sleeping,    // a task off its CPU; detail: SRCU index it holds, or kNoIndex
    SrcuStep,    // detail: synchronize_srcu step 1..10
    GracePeriod, // synchronize_srcu from call to return (drawn as a band)
    Evict,       // list_del_rcu of a group (a point)
    Free,        // kfree of a group (a point)
    Oops,        // (a point)
};

inline constexpr uint8_t kNoIndex = 0xff;
inline constexpr uint64_t kOpenEnd = std::numeric_limits<uint64_t>::max();

struct LaneSpan {
    uint64_t begin = 0; // step
    uint64_t end = 0;   // step, exclusive; == begin for points
    uint64_t address = 0; // the group, for Evict and Free
    uint8_t cpu = 0;
    uint8_t task = 0;
    SpanKind kind = SpanKind::ReadSection;
    uint8_t detail = kNoIndex;
    bool operator==(const LaneSpan&) const = default;
};

struct TimelineDelta {
    uint64_t step = 0;
    std::vector<LaneSpan> closed; // finished since the previous delta
    std::vector<LaneSpan> open;   // still running; their end is `step`
};

class TimelineBuilder {
public:
    explicit TimelineBuilder(unsigned tasks);

    // Feeds records [from, trace.size()) and returns the new position.
    size_t consume(const Trace& trace, size_t from);
    void consume(const TraceRecord& record);

    TimelineDelta takeDelta();
    uint64_t step() const { return m_step; }

private:
    struct TaskState {
        uint8_t cpu = 0;
        bool onCpu = false;
        int readIndex = -1;
        int srcuStep = 0;
        int readSpan = -1, sleepSpan = -1, stepSpan = -1, gpSpan = -1; // into m_open
    };
    int open(const LaneSpan& span);
    void close(int& handle);
    void leaveCpu(uint8_t task);
    void resume(uint8_t task, uint8_t cpu);

    uint64_t m_step = 0;
    std::vector<TaskState> m_tasks;
    std::vector<LaneSpan> m_open; // slots; a closed slot has end != kOpenEnd
    std::vector<int> m_freeSlots;
    std::vector<LaneSpan> m_closed;
};

// MODEL.md's synchronize_srcu step (1..10) for a line of our listing, 0 for none.
int srcuStepForLine(uint8_t line);

} // namespace racescope
