#pragma once
// One step function per modelled kernel function (see exec.h for the protocol). Each lives
// in the file of its subsystem; dispatch.cpp maps FunctionId to them.

#include "machine/exec.h"

namespace racescope::steps {

Flow vfs_op(Exec& x);
Flow sys_inotify_init(Exec& x);
Flow sys_close(Exec& x);
Flow inotify_read(Exec& x);
Flow fsnotify(Exec& x);
Flow fsnotify_create_event(Exec& x);
Flow inotify_should_send_event(Exec& x);
Flow inotify_handle_event(Exec& x);
Flow srcu_read_lock(Exec& x);
Flow srcu_read_unlock(Exec& x);
Flow synchronize_srcu(Exec& x);
Flow synchronize_sched(Exec& x);
Flow fsnotify_obtain_group(Exec& x);
Flow fsnotify_put_group(Exec& x);
Flow fsnotify_recalc_global_mask(Exec& x);
Flow fsnotify_destroy_group(Exec& x);
Flow list_add_rcu(Exec& x);
Flow list_add_tail(Exec& x);
Flow list_del_entry(Exec& x); // list_del_rcu and list_del
Flow mutex_lock(Exec& x);
Flow mutex_unlock(Exec& x);
Flow kmalloc(Exec& x);
Flow kfree(Exec& x);

} // namespace racescope::steps
