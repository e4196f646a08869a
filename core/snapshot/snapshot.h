#pragma once
// An immutable picture of the machine for views: the group list as the readers would walk
// it, every group object's life stage, readers and where they stand, SRCU's counters, each
// task's place in the code. Plain values: the simulation thread builds one, a view reads it.
//
// Every object a view draws has a stable identity here (an object's address and allocation
// generation, a task's index, a CPU's index), so a lesson can point at it.

#include "machine/machine.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace racescope {

enum class ObjectLife : uint8_t {
    Free,         // on the allocator's freelist, never or no longer a group
    Initialising, // allocated by fsnotify_obtain_group, not yet published on the list
    Live,         // reachable from fsnotify_groups
    Unlinked,     // evicted, waiting for a grace period before kfree
    Detached,     // allocated but neither on the list nor held by a writer (a leak, or a fault)
};
std::string_view objectLifeName(ObjectLife life);

struct GroupObject {
    uint64_t address = 0;
    uint32_t slot = 0;        // index in kmalloc-128
    uint32_t generation = 0;  // allocations so far; >1 means the memory was reused
    ObjectLife life = ObjectLife::Free;
    int listPosition = -1;    // 0 = first after the head, when Live
    uint64_t next = 0, prev = 0; // the raw words at 0x00 and 0x08
    uint32_t mask = 0, refcnt = 0, groupNum = 0, onGroupList = 0, qLen = 0;
    uint64_t freedAtStep = 0;
};

struct ReaderMarker {
    uint8_t task = 0;
    uint8_t cpu = 0;
    int srcuIndex = -1;     // -1 before srcu_read_lock returned
    uint64_t standingOn = 0; // the group (or list head) the walk is at
    FunctionId function = FunctionId::fsnotify;
};

struct TaskView {
    std::string name;
    TaskState state = TaskState::Runnable;
    SleepReason reason = SleepReason::None;
    uint8_t cpu = 0;
    bool onCpu = false;
    std::vector<uint16_t> callSites; // outermost first
    Registers regs;
    uint64_t syscalls = 0;
};

struct CpuView {
    int current = -1; // task index, -1 when idle
    uint8_t preemptCount = 0;
    uint64_t quiescentStates = 0;
};

struct SrcuWriter {
    uint8_t task = 0;
    int step = 0;          // 1..10 of MODEL.md's synchronize_srcu, 0 when not inside it
    bool inSynchronizeSched = false;
    int scanIndex = -1;    // the index being waited for, from step 5 on
};

struct SrcuView {
    uint32_t completed = 0;
    std::vector<std::array<int32_t, 2>> counters; // per CPU: c[0], c[1]
    std::array<int64_t, 2> sums{};
    std::vector<SrcuWriter> writers;
    int mutexOwner = -1; // task index
};

// One link of the first oops's causal chain (explain/explain.h), for views.
struct ExplanationLine {
    uint64_t step = 0; // 0: no step (a fault switch, or boot)
    std::string text;
};

struct Snapshot {
    uint64_t step = 0;
    RunStatus status = RunStatus::Running;
    AllocatorKind allocator = AllocatorKind::Slub;
    uint64_t listHead = 0;
    std::vector<uint64_t> listOrder;     // groups from fsnotify_groups.next on (bounded)
    bool listCorrupt = false;            // the walk did not come back to the head
    std::vector<GroupObject> groups;     // every slot of kmalloc-128, in address order
    std::vector<uint64_t> freelist;      // SLUB/SLAB free objects, head first
    std::vector<ReaderMarker> readers;
    std::vector<TaskView> tasks;
    std::vector<CpuView> cpus;
    SrcuView srcu;
    uint32_t fsnotifyMask = 0;
    int grpMutexOwner = -1;
    std::vector<Oops> oopses;
    std::vector<std::string> oopsReports;
    std::vector<ExplanationLine> explanation; // of the first oops, when the run was traced
};

Snapshot takeSnapshot(const Machine& machine);

// Snapshots of one run, frame after frame. It remembers the explanation of the first oops:
// explaining reads the whole trace, and with `on_oops: kill-task` the run goes on, so
// takeSnapshot would redo that work for every frame of a growing trace. What came before
// an oops cannot change, so the remembered chain stays right. Call reset() when the caller
// starts another run.
class SnapshotTaker {
public:
    Snapshot take(const Machine& machine);
    void reset() { m_explained.reset(); }

private:
    struct Explained {
        uint64_t step = 0;
        uint8_t task = 0;
        uint64_t address = 0;
        std::vector<ExplanationLine> lines;
    };
    std::optional<Explained> m_explained;
};

// synchronize_srcu's frame pc as MODEL.md's step number (1..10).
int synchronizeSrcuStep(const Frame& frame);

} // namespace racescope
