// inotify's fsnotify_ops: the callbacks fsnotify() reaches through group->ops.

#include "fsnotify/group_layout.h"
#include "machine/steps.h"

namespace racescope::steps {

// arg0: group, arg1: inode, arg2: mask
template <uint8_t PC> Flow inotify_should_send_event(Exec& x)
{
    Frame& f = x.frame();
    if (PC == 0) {
        x.at<FunctionId::inotify_should_send_event>(4);
        uint64_t watched = 0;
        if (!x.load(f.arg[0] + fsnotify_group::watch_inode, 8, watched))
            return Flow::Oops;
        f.local[0] = watched == f.arg[1];
        f.pc = 1;
        return Flow::Yield;
    }
    x.at<FunctionId::inotify_should_send_event>(5);
    return x.ret(f.local[0]);
}

// arg0: group, arg1: event
template <uint8_t PC> Flow inotify_handle_event(Exec& x)
{
    namespace G = fsnotify_group;
    namespace H = fsnotify_event_holder;
    Frame& f = x.frame();
    const uint64_t group = f.arg[0];
    const uint64_t event = f.arg[1];
    uint64_t value = 0;
    switch (PC) {
    case 0:
        x.at<FunctionId::inotify_handle_event>(3);
        f.pc = 1;
        return x.call(FunctionId::kmalloc, {kHolderCache, 0});
    case 1:
        f.local[0] = x.task().retval;
        if (f.local[0] == 0) {
            x.at<FunctionId::inotify_handle_event>(5);
            return x.ret(static_cast<uint64_t>(-12)); // -ENOMEM: the event is lost
        }
        x.at<FunctionId::inotify_handle_event>(6);
        if (!x.load(event + fsnotify_event::mask, 4, value) || !x.store(f.local[0] + H::mask, 4, value))
            return Flow::Oops;
        f.pc = 2;
        return Flow::Yield;
    case 2:
        x.at<FunctionId::inotify_handle_event>(7);
        if (!x.load(event + fsnotify_event::to_tell, 8, value) || !x.store(f.local[0] + H::inode, 8, value))
            return Flow::Oops;
        f.pc = 3;
        return Flow::Yield;
    case 3:
        x.at<FunctionId::inotify_handle_event>(8);
        f.pc = 4;
        return x.call(FunctionId::mutex_lock, {group + G::notification_mutex});
    case 4:
        x.at<FunctionId::inotify_handle_event>(9);
        f.pc = 5;
        return x.call(FunctionId::list_add_tail, {f.local[0] + H::list, group + G::notification_list});
    case 5:
        x.at<FunctionId::inotify_handle_event>(10);
        if (!x.load(group + G::q_len, 4, value) || !x.store(group + G::q_len, 4, value + 1))
            return Flow::Oops;
        f.pc = 6;
        return Flow::Yield;
    case 6:
        x.at<FunctionId::inotify_handle_event>(11);
        f.pc = 7;
        return x.call(FunctionId::mutex_unlock, {group + G::notification_mutex});
    default:
        x.at<FunctionId::inotify_handle_event>(12);
        return x.ret(0);
    }
}

// The handlers, one per case (see steps.h).
namespace handlers {
constinit const StepTable inotify_should_send_event = stepTable<1>([]<uint8_t PC>() { return &steps::inotify_should_send_event<PC>; });
constinit const StepTable inotify_handle_event = stepTable<7>([]<uint8_t PC>() { return &steps::inotify_handle_event<PC>; });
} // namespace handlers

} // namespace racescope::steps
