#include "machine/steps.h"

#include <array>
#include <stdexcept>

namespace racescope {

namespace {
using StepFn = Flow (*)(Exec&);

Flow noStep(Exec&) { throw std::logic_error("no step function for this frame"); }

// Indexed by FunctionId: one indirect call a step instead of a switch and a call.
constexpr std::array<StepFn, static_cast<size_t>(FunctionId::Count)> kSteps = [] {
    using F = FunctionId;
    std::array<StepFn, static_cast<size_t>(F::Count)> t{};
    t.fill(&noStep);
    auto set = [&t](F fn, StepFn step) { t[static_cast<size_t>(fn)] = step; };
    set(F::vfs_unlink, &steps::vfs_op);
    set(F::vfs_create, &steps::vfs_op);
    set(F::vfs_open, &steps::vfs_op);
    set(F::vfs_write, &steps::vfs_op);
    set(F::vfs_read, &steps::vfs_op);
    set(F::sys_inotify_init, &steps::sys_inotify_init);
    set(F::sys_close, &steps::sys_close);
    set(F::inotify_read, &steps::inotify_read);
    set(F::fsnotify, &steps::fsnotify);
    set(F::fsnotify_create_event, &steps::fsnotify_create_event);
    set(F::inotify_should_send_event, &steps::inotify_should_send_event);
    set(F::inotify_handle_event, &steps::inotify_handle_event);
    set(F::srcu_read_lock, &steps::srcu_read_lock);
    set(F::srcu_read_unlock, &steps::srcu_read_unlock);
    set(F::synchronize_srcu, &steps::synchronize_srcu);
    set(F::synchronize_sched, &steps::synchronize_sched);
    set(F::fsnotify_obtain_group, &steps::fsnotify_obtain_group);
    set(F::fsnotify_put_group, &steps::fsnotify_put_group);
    set(F::fsnotify_recalc_global_mask, &steps::fsnotify_recalc_global_mask);
    set(F::fsnotify_destroy_group, &steps::fsnotify_destroy_group);
    set(F::list_add_rcu, &steps::list_add_rcu);
    set(F::list_add_tail, &steps::list_add_tail);
    set(F::list_del_rcu, &steps::list_del_entry);
    set(F::list_del, &steps::list_del_entry);
    set(F::mutex_lock, &steps::mutex_lock);
    set(F::mutex_unlock, &steps::mutex_unlock);
    set(F::kmalloc, &steps::kmalloc);
    set(F::kfree, &steps::kfree);
    return t;
}();
} // namespace

Flow dispatchStep(Exec& x)
{
    return kSteps[static_cast<size_t>(x.frame().fn)](x);
}

} // namespace racescope
