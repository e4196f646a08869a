#pragma once
// Every modelled kernel function, with the symbol it has in our kernel image and the
// pseudo-C listing whose line numbers the steps cite. Addresses of fsnotify and the SRCU
// read-side functions are the seed's; the others are plausible neighbours.

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
// The entry address alone, for the hot path (a step sets RIP on every action).
uint64_t functionAddress(FunctionId id);
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
