#include "machine/steps.h"

#include <stdexcept>

namespace racescope {

Flow dispatchStep(Exec& x)
{
    using F = FunctionId;
    switch (x.frame().fn) {
    case F::vfs_unlink:
    case F::vfs_create:
    case F::vfs_open:
    case F::vfs_write:
    case F::vfs_read: return steps::vfs_op(x);
    case F::sys_inotify_init: return steps::sys_inotify_init(x);
    case F::sys_close: return steps::sys_close(x);
    case F::inotify_read: return steps::inotify_read(x);
    case F::fsnotify: return steps::fsnotify(x);
    case F::fsnotify_create_event: return steps::fsnotify_create_event(x);
    case F::inotify_should_send_event: return steps::inotify_should_send_event(x);
    case F::inotify_handle_event: return steps::inotify_handle_event(x);
    case F::srcu_read_lock: return steps::srcu_read_lock(x);
    case F::srcu_read_unlock: return steps::srcu_read_unlock(x);
    case F::synchronize_srcu: return steps::synchronize_srcu(x);
    case F::synchronize_sched: return steps::synchronize_sched(x);
    case F::fsnotify_obtain_group: return steps::fsnotify_obtain_group(x);
    case F::fsnotify_put_group: return steps::fsnotify_put_group(x);
    case F::fsnotify_recalc_global_mask: return steps::fsnotify_recalc_global_mask(x);
    case F::fsnotify_destroy_group: return steps::fsnotify_destroy_group(x);
    case F::list_add_rcu: return steps::list_add_rcu(x);
    case F::list_add_tail: return steps::list_add_tail(x);
    case F::list_del_rcu:
    case F::list_del: return steps::list_del_entry(x);
    case F::mutex_lock: return steps::mutex_lock(x);
    case F::mutex_unlock: return steps::mutex_unlock(x);
    case F::kmalloc: return steps::kmalloc(x);
    case F::kfree: return steps::kfree(x);
    case F::UserMode:
    case F::Count: break;
    }
    throw std::logic_error("no step function for this frame");
}

} // namespace racescope
