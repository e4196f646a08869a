#pragma once
// What a machine is built from: CPUs, the allocator, the tasks with their programs of
// system calls, and the groups that exist at boot. Plain data: the scenario loader fills
// it from JSON, tests fill it by hand.

#include "faults/fault.h"
#include "memory/slab.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace racescope {

enum class OpKind : uint8_t {
    Unlink,      // vfs_unlink: FS_DELETE | FS_EVENT_ON_CHILD on the directory (the seed)
    Create,      // vfs_create: FS_CREATE | FS_EVENT_ON_CHILD on the directory
    Open,        // FS_OPEN on the inode
    Modify,      // FS_MODIFY on the inode
    Access,      // FS_ACCESS on the inode
    InotifyInit, // fsnotify_obtain_group, result kept in a file descriptor
    Close,       // fsnotify_put_group on the group behind a file descriptor
    Read,        // inotify read(): take one event off the group's queue
    Count
};

std::string_view opName(OpKind kind);
bool opFromName(std::string_view name, OpKind& out);

inline constexpr unsigned kMaxFds = 8;

struct OpSpec {
    OpKind kind = OpKind::Unlink;
    uint32_t repeat = 1;
    uint32_t inode = 0;     // index into WorldSpec::inodes (fs operations)
    uint8_t fd = 0;         // InotifyInit, Close, Read
    uint32_t groupNum = 0;  // InotifyInit
    uint32_t mask = 0;      // InotifyInit: the group's mask
    uint32_t watch = 0;     // InotifyInit: index of the watched inode
};

struct TaskSpec {
    std::string name;
    uint8_t cpu = 0;
    bool migratable = true;
    uint32_t loops = 1; // times the program runs; 0 = until the run ends
    std::vector<OpSpec> program;
};

struct GroupSpec {
    uint32_t owner = 0; // task index holding the group's file descriptor
    uint8_t fd = 0;
    uint32_t groupNum = 0;
    uint32_t mask = 0;
    uint32_t watch = 0; // inode index
    uint32_t refs = 1;
};

enum class OopsPolicy : uint8_t { HaltMachine, KillTask };

struct WorldSpec {
    unsigned cpus = 4;
    AllocatorKind allocator = AllocatorKind::Slub;
    uint32_t groupSlots = 8;    // objects in kmalloc-128, where groups live
    uint32_t eventSlots = 32;
    uint32_t holderSlots = 128;
    std::vector<std::string> inodes = {"dir"};
    std::vector<TaskSpec> tasks;
    std::vector<GroupSpec> groups;
    FaultSet faults;
    uint64_t faultSeed = 1; // drives stray-write and bit-flip
    // KASAN: any access of simulated code to a free slab object is reported at once, even
    // where the real kernel would have read stale bytes silently.
    bool kasan = false;
    OopsPolicy oopsPolicy = OopsPolicy::HaltMachine;
};

} // namespace racescope
