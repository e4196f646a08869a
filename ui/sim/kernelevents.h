#pragma once
// What the kernel log reports, picked out of trace records as they arrive (like the
// TimelineBuilder, so every event keeps its exact step however far apart frames are): group
// objects allocated, linked into fsnotify_groups, evicted, freed, and each
// synchronize_srcu() call and return.

#include "trace/trace.h"

#include <optional>
#include <unordered_map>

namespace racescope {
class Machine;
}

#include <QMetaType>

#include <cstdint>
#include <vector>

namespace racescope::ui {

enum class KernelEventKind : uint8_t { GroupAlloc, GroupLinked, GroupEvicted, GroupFreed, GracePeriodBegin, GracePeriodEnd };

struct KernelEvent {
    uint64_t step = 0;
    KernelEventKind kind = KernelEventKind::GroupAlloc;
    uint8_t task = 0;
    uint8_t cpu = 0;
    uint64_t address = 0; // the group object, for the group events
    // The group's group_num when the event happened. A frame's snapshot cannot tell it: by
    // then the object may be freed, or reused by another group.
    std::optional<uint32_t> groupNum;
    bool operator==(const KernelEvent&) const = default;
};

using KernelEvents = std::vector<KernelEvent>;

class KernelEventCollector {
public:
    // Forgets everything and learns the group numbers of the groups `machine` starts with
    // (set up before its first step, so not in its trace).
    void start(const Machine& machine);
    // Reads records [from, to) of the trace.
    void consume(const Trace& trace, size_t from, size_t to);
    void consume(const TraceRecord& record);
    KernelEvents take();
    void clear();

private:
    // A task inside list_add_rcu / list_del_rcu called from the group code: its next list
    // access names the group (the publish store's value, or the entry's first load).
    enum class Pending : uint8_t { None, Link, Evict };
    std::vector<Pending> m_pending; // by task
    // Every group object allocated so far, with its group_num once fsnotify_obtain_group
    // has stored it.
    std::unordered_map<uint64_t, std::optional<uint32_t>> m_groupNums;
    KernelEvents m_events;
};

} // namespace racescope::ui

Q_DECLARE_METATYPE(racescope::ui::KernelEvents)
