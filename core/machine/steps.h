#pragma once
// One step function per modelled kernel function (see exec.h for the protocol). Each lives
// in the file of its subsystem; dispatch.cpp maps (FunctionId, pc) to them.
//
// A step function is a template on its pc: its body is still one switch over the pc, but
// each instantiation keeps only its own case, so a step costs one indirect call, to the
// handler of the top frame's (function, pc), instead of a call to the function and a jump
// through its switch. With a randomly chosen task both jumps were mispredicted.

#include "machine/exec.h"

#include <array>
#include <cstddef>
#include <utility>

namespace racescope {

// Handlers a function's table holds, one per pc; a pc at or past the last slot runs the
// last slot's handler.
inline constexpr unsigned kPcSlots = 32;
using StepTable = std::array<StepFn, kPcSlots>;

// A pc that no case names: its instantiation takes the function's default path (the
// `default:` case, the `else` after `if (PC == 0)`, or the throw after the switch), which
// is what the switch did for every pc without a case of its own.
inline constexpr uint8_t kOtherPc = 255;

namespace detail {
template <unsigned Cases, size_t Slot, typename Pick> consteval StepFn pickStep(Pick pick)
{
    if constexpr (Slot < Cases)
        return pick.template operator()<static_cast<uint8_t>(Slot)>();
    else
        return pick.template operator()<kOtherPc>();
}
} // namespace detail

// The table of a step function whose cases are the pcs below `Cases`:
//   stepTable<3>([]<uint8_t PC>() { return &kfree<PC>; })
template <unsigned Cases, typename Pick> consteval StepTable stepTable(Pick pick)
{
    static_assert(Cases < kPcSlots, "the last slot must be the default path");
    return [&]<size_t... Slot>(std::index_sequence<Slot...>) {
        return StepTable{detail::pickStep<Cases, Slot>(pick)...};
    }(std::make_index_sequence<kPcSlots>{});
}

} // namespace racescope

namespace racescope::steps::handlers {

extern const StepTable vfs_op;
extern const StepTable sys_inotify_init;
extern const StepTable sys_close;
extern const StepTable inotify_read;
extern const StepTable fsnotify;
extern const StepTable fsnotify_create_event;
extern const StepTable inotify_should_send_event;
extern const StepTable inotify_handle_event;
extern const StepTable srcu_read_lock;
extern const StepTable srcu_read_unlock;
extern const StepTable synchronize_srcu;
extern const StepTable synchronize_sched;
extern const StepTable fsnotify_obtain_group;
extern const StepTable fsnotify_put_group;
extern const StepTable fsnotify_recalc_global_mask;
extern const StepTable fsnotify_destroy_group;
extern const StepTable list_add_rcu;
extern const StepTable list_add_tail;
extern const StepTable list_del_entry; // list_del_rcu and list_del
extern const StepTable mutex_lock;
extern const StepTable mutex_unlock;
extern const StepTable kmalloc;
extern const StepTable kfree;

} // namespace racescope::steps::handlers
