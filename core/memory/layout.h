#pragma once
// Where things live in the simulated kernel's address space. The values follow the seed
// report (fsnotify_groups, fsnotify, the srcu_struct, the inode in R14) so that a reader
// can set the model's registers beside the 2009 oops and compare them digit for digit.

#include <cstdint>

namespace racescope::layout {

// Static data, near the kernel image.
inline constexpr uint64_t kDataBase = 0xffffffff817f7000;
inline constexpr uint64_t kDataSize = 0x1000;
inline constexpr uint64_t fsnotify_grp_mutex = 0xffffffff817f74a0;
inline constexpr uint64_t fsnotify_groups = 0xffffffff817f74c0; // struct list_head
inline constexpr uint64_t fsnotify_mask = 0xffffffff817f74d0;   // __u32
// kmem_cache descriptors: each holds the freelist head (SLUB) or the free-array count (SLAB).
inline constexpr uint64_t kKmemCacheBase = 0xffffffff817f7800;
inline constexpr uint64_t kKmemCacheStride = 0x40;

// Read-only data: the ops tables groups point at.
inline constexpr uint64_t kRodataBase = 0xffffffff81600000;
inline constexpr uint64_t kRodataSize = 0x100;
inline constexpr uint64_t inotify_fsnotify_ops = 0xffffffff81600040;

// The srcu_struct that guards fsnotify_groups (the seed loads its address into RDI).
inline constexpr uint64_t kBssBase = 0xffffffff823fb000;
inline constexpr uint64_t kBssSize = 0x1000;
inline constexpr uint64_t fsnotify_grp_srcu = 0xffffffff823fb360;
inline constexpr uint64_t kSrcuCompleted = fsnotify_grp_srcu + 0x00; // int
inline constexpr uint64_t kSrcuMutex = fsnotify_grp_srcu + 0x08;     // struct mutex (owner word)
inline constexpr uint64_t kSrcuPerCpuRef = fsnotify_grp_srcu + 0x10; // pointer to per-CPU c[2]

// Per-CPU area: one small block per CPU holding srcu's c[0] and c[1] (ints).
inline constexpr uint64_t kPerCpuBase = 0xffff88002f000000; // the seed's GS base
inline constexpr uint64_t kPerCpuStride = 0x40;
inline constexpr uint64_t kMaxCpus = 64;

// Slab pages for each cache, and the inodes events are about, in the direct map.
inline constexpr uint64_t kDirectMapBase = 0xffff880000000000;
inline constexpr uint64_t kSlabBase = 0xffff88012b8a0000;
inline constexpr uint64_t kSlabCacheSpacing = 0x100000;
inline constexpr uint64_t kSlabManagementBase = 0xffff88012c000000; // SLAB's off-object freelists
inline constexpr uint64_t kInodeBase = 0xffff8801286bf760;          // the seed's R14
inline constexpr uint64_t kInodeStride = 0x230;

// The kernel's poison values (include/linux/poison.h).
inline constexpr uint64_t LIST_POISON1 = 0x00100100;
inline constexpr uint64_t LIST_POISON2 = 0x00200200;
inline constexpr uint8_t POISON_FREE = 0x6b;
inline constexpr uint8_t POISON_END = 0xa5;

} // namespace racescope::layout
