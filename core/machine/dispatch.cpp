#include "machine/steps.h"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <stdexcept>

namespace racescope {

namespace {
template <uint8_t PC> Flow noStep(Exec&) { throw std::logic_error("no step function for this frame"); }

// The handlers of every (function, pc) in one flat table at fn * 256 + pc, with a slot for
// every value a pc can take, so that a step indexes it without a bound. Built when the
// program starts, from the tables each subsystem's file defines (those are
// constant-initialized, so they are complete before any dynamic initialization reads them).
constexpr size_t kFunctions = static_cast<size_t>(FunctionId::Count);
const std::array<StepFn, kFunctions * 256> kHandlers = [] {
    using F = FunctionId;
    namespace H = steps::handlers;
    std::array<StepFn, kFunctions * 256> t{};
    auto set = [&t](F fn, const StepTable& steps) {
        for (size_t pc = 0; pc < 256; ++pc)
            t[static_cast<size_t>(fn) * 256 + pc] = steps[std::min<size_t>(pc, kPcSlots - 1)];
    };
    for (size_t fn = 0; fn < kFunctions; ++fn)
        set(static_cast<F>(fn), stepTable<0>([]<uint8_t PC>() { return &noStep<PC>; }));
    set(F::vfs_unlink, H::vfs_op);
    set(F::vfs_create, H::vfs_op);
    set(F::vfs_open, H::vfs_op);
    set(F::vfs_write, H::vfs_op);
    set(F::vfs_read, H::vfs_op);
    set(F::sys_inotify_init, H::sys_inotify_init);
    set(F::sys_close, H::sys_close);
    set(F::inotify_read, H::inotify_read);
    set(F::fsnotify, H::fsnotify);
    set(F::fsnotify_create_event, H::fsnotify_create_event);
    set(F::inotify_should_send_event, H::inotify_should_send_event);
    set(F::inotify_handle_event, H::inotify_handle_event);
    set(F::srcu_read_lock, H::srcu_read_lock);
    set(F::srcu_read_unlock, H::srcu_read_unlock);
    set(F::synchronize_srcu, H::synchronize_srcu);
    set(F::synchronize_sched, H::synchronize_sched);
    set(F::fsnotify_obtain_group, H::fsnotify_obtain_group);
    set(F::fsnotify_put_group, H::fsnotify_put_group);
    set(F::fsnotify_recalc_global_mask, H::fsnotify_recalc_global_mask);
    set(F::fsnotify_destroy_group, H::fsnotify_destroy_group);
    set(F::list_add_rcu, H::list_add_rcu);
    set(F::list_add_tail, H::list_add_tail);
    set(F::list_del_rcu, H::list_del_entry);
    set(F::list_del, H::list_del_entry);
    set(F::mutex_lock, H::mutex_lock);
    set(F::mutex_unlock, H::mutex_unlock);
    set(F::kmalloc, H::kmalloc);
    set(F::kfree, H::kfree);
    return t;
}();
} // namespace

StepFn frameHandler(const Frame& frame)
{
    static_assert(offsetof(Frame, pc) == 0 && offsetof(Frame, fn) == 1 && std::endian::native == std::endian::little);
    uint16_t handler; // fn * 256 + pc: one load instead of two and the arithmetic
    std::memcpy(&handler, &frame, sizeof handler);
    return kHandlers[handler];
}

StepFn entryHandler(FunctionId fn)
{
    return kHandlers[static_cast<size_t>(fn) * 256];
}

StepFn stepHandler(const Task& task)
{
    return task.depth == 0 ? nullptr : frameHandler(task.top());
}

} // namespace racescope
