#pragma once
// Every modelled kernel function, with the symbol it has in our kernel image and the
// pseudo-C listing whose line numbers the steps cite. Addresses of fsnotify and the SRCU
// read-side functions are the seed's; the others are plausible neighbours.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace racescope {

enum class FunctionId : uint8_t {
    UserMode, // not a kernel function: the task is between system calls
    vfs_unlink,
    vfs_create,
    vfs_open,
    vfs_write,
    vfs_read,
    sys_inotify_init,
    sys_close,
    inotify_read,
    fsnotify,
    fsnotify_create_event,
    inotify_should_send_event,
    inotify_handle_event,
    srcu_read_lock,
    srcu_read_unlock,
    synchronize_srcu,
    synchronize_sched,
    fsnotify_obtain_group,
    fsnotify_put_group,
    fsnotify_recalc_global_mask,
    fsnotify_destroy_group,
    list_add_rcu,
    list_add_tail,
    list_del_rcu,
    list_del,
    mutex_lock,
    mutex_unlock,
    kmalloc,
    kfree,
    Count
};

struct FunctionInfo {
    FunctionId id;
    std::string_view name;
    uint64_t address;
    uint32_t size;
    std::string_view listing; // our pseudo-C, one statement per line; steps cite its lines
};

const FunctionInfo& functionInfo(FunctionId id);
// Entry addresses by FunctionId, kept apart from the listings so that the hot path (a step
// sets RIP on every action) reads them without a call.
inline constexpr std::array<uint64_t, static_cast<size_t>(FunctionId::Count)> kFunctionAddresses = {
    0x0000000000400000, // user
    0xffffffff810f2d60, // vfs_unlink
    0xffffffff810f3a10, // vfs_create
    0xffffffff810f5b80, // do_filp_open
    0xffffffff810e8a40, // vfs_write
    0xffffffff810e8c80, // vfs_read
    0xffffffff8111e5a0, // sys_inotify_init
    0xffffffff810e7e30, // sys_close
    0xffffffff8111e0d0, // inotify_read
    0xffffffff8111bf00, // fsnotify
    0xffffffff8111c8a0, // fsnotify_create_event
    0xffffffff8111d5c0, // inotify_should_send_event
    0xffffffff8111d630, // inotify_handle_event
    0xffffffff81088e10, // srcu_read_lock
    0xffffffff81088db0, // srcu_read_unlock
    0xffffffff81088ec0, // synchronize_srcu
    0xffffffff81070c20, // synchronize_sched
    0xffffffff8111c1e0, // fsnotify_obtain_group
    0xffffffff8111c050, // fsnotify_put_group
    0xffffffff8111c0e0, // fsnotify_recalc_global_mask
    0xffffffff8111c150, // fsnotify_destroy_group
    0xffffffff8111c380, // list_add_rcu
    0xffffffff8111c3b0, // list_add_tail
    0xffffffff8111c3e0, // list_del_rcu
    0xffffffff8111c410, // list_del
    0xffffffff81431b70, // mutex_lock
    0xffffffff81431bb0, // mutex_unlock
    0xffffffff810d3a90, // __kmalloc
    0xffffffff810d3e30, // kfree
};
constexpr uint64_t functionAddress(FunctionId id) { return kFunctionAddresses[static_cast<size_t>(id)]; }
std::optional<FunctionId> functionAt(uint64_t address);
// The listing split into lines; index 0 is line 1.
const std::vector<std::string_view>& listingLines(FunctionId id);

inline constexpr uint16_t makeSite(FunctionId fn, uint8_t line)
{
    return static_cast<uint16_t>(static_cast<uint16_t>(fn) << 8 | line);
}
inline constexpr FunctionId siteFunction(uint16_t site) { return static_cast<FunctionId>(site >> 8); }
inline constexpr uint8_t siteLine(uint16_t site) { return static_cast<uint8_t>(site & 0xff); }

} // namespace racescope
