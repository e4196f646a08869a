// The system calls a task's program is made of: file operations that notify, and the
// inotify calls that create, drop and read groups.

#include "fsnotify/group_layout.h"
#include "machine/steps.h"
#include "memory/layout.h"

namespace racescope::steps {

namespace {
constexpr uint64_t kEBADF = static_cast<uint64_t>(-9);
}

// vfs_unlink, vfs_create, do_filp_open, vfs_write, vfs_read: the file-system work is not
// modelled, only the notification each one sends (arg0: inode, arg1: mask).
template <uint8_t PC> Flow vfs_op(Exec& x)
{
    Frame& f = x.frame();
    if (PC == 0) {
        x.at(4);
        f.pc = 1;
        return x.call(FunctionId::fsnotify, {f.arg[0], f.arg[1]});
    }
    x.at(5);
    return x.ret(0);
}

// arg0: fd, arg1: group_num, arg2: mask, arg3: watched inode
template <uint8_t PC> Flow sys_inotify_init(Exec& x)
{
    Frame& f = x.frame();
    if (PC == 0) {
        x.at<FunctionId::sys_inotify_init>(3);
        f.pc = 1;
        return x.call(FunctionId::fsnotify_obtain_group,
                      {f.arg[1], f.arg[2], layout::inotify_fsnotify_ops, f.arg[3]});
    }
    x.at<FunctionId::sys_inotify_init>(4);
    x.task().fds[f.arg[0]] = x.task().retval; // fd_install: the task's own table
    x.at<FunctionId::sys_inotify_init>(5);
    return x.ret(f.arg[0]);
}

// arg0: fd
template <uint8_t PC> Flow sys_close(Exec& x)
{
    Frame& f = x.frame();
    if (PC == 0) {
        x.at<FunctionId::sys_close>(3);
        const uint64_t group = x.task().fds[f.arg[0]];
        if (group == 0) {
            x.at<FunctionId::sys_close>(6);
            return x.ret(kEBADF);
        }
        x.at<FunctionId::sys_close>(4);
        x.task().fds[f.arg[0]] = 0;
        x.at<FunctionId::sys_close>(5);
        f.pc = 1;
        return x.call(FunctionId::fsnotify_put_group, {group});
    }
    x.at<FunctionId::sys_close>(6);
    return x.ret(0);
}

// arg0: the group behind the fd (0 if closed)
template <uint8_t PC> Flow inotify_read(Exec& x)
{
    namespace G = fsnotify_group;
    Frame& f = x.frame();
    const uint64_t group = f.arg[0];
    const uint64_t queue = group + G::notification_list;
    uint64_t value = 0;
    switch (PC) {
    case 0:
        if (group == 0)
            return x.ret(kEBADF);
        x.at<FunctionId::inotify_read>(3);
        f.pc = 1;
        return x.call(FunctionId::mutex_lock, {group + G::notification_mutex});
    case 1:
        x.at<FunctionId::inotify_read>(4);
        if (!x.load(queue, 8, f.local[0]))
            return Flow::Oops;
        f.pc = f.local[0] == queue ? 2 : 4;
        return Flow::Yield;
    case 2:
        x.at<FunctionId::inotify_read>(6);
        f.pc = 3;
        return x.call(FunctionId::mutex_unlock, {group + G::notification_mutex});
    case 3:
        x.at<FunctionId::inotify_read>(7);
        return x.ret(static_cast<uint64_t>(-11)); // -EAGAIN
    case 4:
        x.at<FunctionId::inotify_read>(9);
        f.pc = 5;
        return x.call(FunctionId::list_del, {f.local[0]});
    case 5:
        x.at<FunctionId::inotify_read>(10);
        if (!x.load(group + G::q_len, 4, value) || !x.store(group + G::q_len, 4, value - 1))
            return Flow::Oops;
        f.pc = 6;
        return Flow::Yield;
    case 6:
        x.at<FunctionId::inotify_read>(11);
        f.pc = 7;
        return x.call(FunctionId::mutex_unlock, {group + G::notification_mutex});
    case 7:
        x.at<FunctionId::inotify_read>(12);
        f.pc = 8;
        return x.call(FunctionId::kfree, {f.local[0]});
    default:
        x.at<FunctionId::inotify_read>(13);
        return x.ret(16);
    }
}

// The handlers, one per case (see steps.h).
namespace handlers {
constinit const StepTable vfs_op = stepTable<1>([]<uint8_t PC>() { return &steps::vfs_op<PC>; });
constinit const StepTable sys_inotify_init = stepTable<1>([]<uint8_t PC>() { return &steps::sys_inotify_init<PC>; });
constinit const StepTable sys_close = stepTable<1>([]<uint8_t PC>() { return &steps::sys_close<PC>; });
constinit const StepTable inotify_read = stepTable<8>([]<uint8_t PC>() { return &steps::inotify_read<PC>; });
} // namespace handlers

} // namespace racescope::steps
