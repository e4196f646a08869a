#pragma once
// Offsets inside the modelled structures. struct fsnotify_group's first fields match the
// seed's disassembly (mask at 0x10, ops at 0x20); the tail is ours but keeps the kernel's
// names. group_list comes first, which is why a freed group's ->next is SLUB's freelist link.

#include <cstdint>

namespace racescope::fsnotify_group {
inline constexpr uint64_t group_list_next = 0x00;
inline constexpr uint64_t group_list_prev = 0x08;
inline constexpr uint64_t mask = 0x10;          // __u32
inline constexpr uint64_t refcnt = 0x14;        // atomic_t
inline constexpr uint64_t group_num = 0x18;     // unsigned int
inline constexpr uint64_t ops = 0x20;           // const struct fsnotify_ops *
inline constexpr uint64_t on_group_list = 0x28; // unsigned int
inline constexpr uint64_t num_marks = 0x2c;     // unsigned int
inline constexpr uint64_t notification_list = 0x30; // struct list_head (next, prev)
inline constexpr uint64_t q_len = 0x40;         // unsigned int
inline constexpr uint64_t max_events = 0x44;    // unsigned int
inline constexpr uint64_t notification_mutex = 0x48; // struct mutex (owner word)
inline constexpr uint64_t watch_inode = 0x50;   // stands for the group's inode marks
inline constexpr uint32_t size = 0x60;
} // namespace racescope::fsnotify_group

namespace racescope::fsnotify_event {
inline constexpr uint64_t mask = 0x10;
inline constexpr uint64_t to_tell = 0x18;
inline constexpr uint32_t size = 0x40;
} // namespace racescope::fsnotify_event

namespace racescope::fsnotify_event_holder {
inline constexpr uint64_t list = 0x00;
inline constexpr uint64_t inode = 0x10;
inline constexpr uint64_t mask = 0x18;
inline constexpr uint32_t size = 0x20;
} // namespace racescope::fsnotify_event_holder

namespace racescope::fsnotify_ops {
inline constexpr uint64_t should_send_event = 0x00;
inline constexpr uint64_t handle_event = 0x08;
inline constexpr uint64_t free_group_priv = 0x10;
} // namespace racescope::fsnotify_ops

namespace racescope::fs_mask {
inline constexpr uint32_t FS_ACCESS = 0x00000001;
inline constexpr uint32_t FS_MODIFY = 0x00000002;
inline constexpr uint32_t FS_ATTRIB = 0x00000004;
inline constexpr uint32_t FS_CLOSE_WRITE = 0x00000008;
inline constexpr uint32_t FS_OPEN = 0x00000020;
inline constexpr uint32_t FS_CREATE = 0x00000100;
inline constexpr uint32_t FS_DELETE = 0x00000200;
inline constexpr uint32_t FS_EVENT_ON_CHILD = 0x08000000;
} // namespace racescope::fs_mask

namespace racescope {
// The model's caches, in the order the machine creates them.
enum CacheIndex : uint16_t { kGroupCache = 0, kEventCache = 1, kHolderCache = 2 };
} // namespace racescope
