// The writers of fsnotify_groups: fsnotify_obtain_group() adds a group, fsnotify_put_group()
// drops a reference and, for the last one, evicts, waits for SRCU readers and frees.
// Rule (the kernel's): every change to the list holds fsnotify_grp_mutex; a group may be
// freed only after a grace period of fsnotify_grp_srcu that began after its removal.

#include "fsnotify/group_layout.h"
#include "machine/steps.h"
#include "memory/layout.h"

#include <stdexcept>

namespace racescope::steps {

namespace G = fsnotify_group;

// arg0: group_num, arg1: mask, arg2: ops, arg3: watched inode; local0: new group, local1: tgroup
template <uint8_t PC> Flow fsnotify_obtain_group(Exec& x)
{
    Frame& f = x.frame();
    const uint64_t group = f.local[0];
    const uint64_t head = layout::fsnotify_groups;
    uint64_t value = 0;
    auto init = [&](uint8_t line, uint64_t offset, unsigned size, uint64_t v) {
        x.at<FunctionId::fsnotify_obtain_group>(line);
        if (!x.store(group + offset, size, v))
            return Flow::Oops;
        ++f.pc;
        return Flow::Yield;
    };
    switch (PC) {
    case 0:
        x.at<FunctionId::fsnotify_obtain_group>(3);
        f.pc = 1;
        return x.call(FunctionId::kmalloc, {kGroupCache, x.fault(FaultId::KzallocReuse) ? 1u : 0u});
    case 1:
        f.local[0] = x.task().retval;
        if (f.local[0] == 0) {
            x.at<FunctionId::fsnotify_obtain_group>(5);
            return x.ret(0);
        }
        x.tagObject(f.local[0], static_cast<uint32_t>(f.arg[0]));
        f.pc = 2;
        return Flow::Continue;
    case 2: return init(6, G::refcnt, 4, 1);
    case 3: return init(7, G::on_group_list, 4, 0);
    case 4: return init(8, G::group_num, 4, f.arg[0]);
    case 5: return init(9, G::mask, 4, f.arg[1]);
    case 6:
        x.at<FunctionId::fsnotify_obtain_group>(10);
        if (!x.store(group + G::notification_list, 8, group + G::notification_list) ||
            !x.store(group + G::notification_list + 8, 8, group + G::notification_list))
            return Flow::Oops;
        f.pc = 7;
        return Flow::Yield;
    case 7: return init(11, G::notification_mutex, 8, 0);
    case 8: return init(12, G::q_len, 4, 0);
    case 9: return init(13, G::ops, 8, f.arg[2]);
    case 10: return init(14, G::watch_inode, 8, f.arg[3]);
    case 11:
        x.at<FunctionId::fsnotify_obtain_group>(15);
        f.pc = 12;
        return x.call(FunctionId::mutex_lock, {layout::fsnotify_grp_mutex});
    case 12: // fsnotify_find_group(): a plain walk, the mutex keeps writers out
        x.at<FunctionId::fsnotify_obtain_group>(16);
        if (!x.load(head, 8, f.local[1]))
            return Flow::Oops;
        f.pc = 13;
        return Flow::Yield;
    case 13:
        if (f.local[1] == head) {
            f.pc = 20;
            return Flow::Continue;
        }
        x.at<FunctionId::fsnotify_obtain_group>(17);
        if (!x.load(f.local[1] + G::group_num, 4, value))
            return Flow::Oops;
        f.pc = value == f.arg[0] ? 14 : 19;
        return Flow::Yield;
    case 14: {
        x.at<FunctionId::fsnotify_obtain_group>(17);
        uint64_t ops = 0;
        if (!x.load(f.local[1] + G::mask, 4, value) || !x.load(f.local[1] + G::ops, 8, ops))
            return Flow::Oops;
        f.pc = (value == f.arg[1] && ops == f.arg[2]) ? 15 : 19;
        return Flow::Yield;
    }
    case 15: // atomic_inc_not_zero
        x.at<FunctionId::fsnotify_obtain_group>(18);
        if (!x.load(f.local[1] + G::refcnt, 4, value))
            return Flow::Oops;
        if (value == 0) {
            f.pc = 19;
            return Flow::Yield;
        }
        // The fault hands the group out without counting the new user's reference.
        if (!x.fault(FaultId::RefcountUnderflow) && !x.store(f.local[1] + G::refcnt, 4, value + 1))
            return Flow::Oops;
        f.pc = 16;
        return Flow::Yield;
    case 16:
        x.at<FunctionId::fsnotify_obtain_group>(19);
        f.pc = 17;
        return x.call(FunctionId::mutex_unlock, {layout::fsnotify_grp_mutex});
    case 17:
        x.at<FunctionId::fsnotify_obtain_group>(20);
        f.pc = 18;
        return x.call(FunctionId::fsnotify_put_group, {group});
    case 18:
        x.at<FunctionId::fsnotify_obtain_group>(21);
        return x.ret(f.local[1]);
    case 19:
        x.at<FunctionId::fsnotify_obtain_group>(16);
        if (!x.load(f.local[1] + G::group_list_next, 8, f.local[1]))
            return Flow::Oops;
        f.pc = 13;
        return Flow::Yield;
    case 20:
        x.at<FunctionId::fsnotify_obtain_group>(23);
        f.pc = 21;
        return x.call(FunctionId::list_add_rcu, {group + G::group_list_next, head});
    case 21: return init(24, G::on_group_list, 4, 1);
    case 22:
        x.at<FunctionId::fsnotify_obtain_group>(25);
        f.pc = 23;
        return x.call(FunctionId::mutex_unlock, {layout::fsnotify_grp_mutex});
    case 23:
        f.pc = 24;
        if (f.arg[1] != 0) {
            x.at<FunctionId::fsnotify_obtain_group>(27);
            return x.call(FunctionId::fsnotify_recalc_global_mask);
        }
        return Flow::Continue;
    case 24:
        x.at<FunctionId::fsnotify_obtain_group>(28);
        return x.ret(group);
    }
    throw std::logic_error("fsnotify_obtain_group: bad pc");
}

// arg0: group
template <uint8_t PC> Flow fsnotify_put_group(Exec& x)
{
    Frame& f = x.frame();
    const uint64_t group = f.arg[0];
    uint64_t value = 0;
    enum : uint8_t { Dec, Lock, DecLocked, UnlockEarly, Evict, DelRcu, ClearOnList, Unlock, Sync, Recalc, Destroy, Return };
    switch (PC) {
    case Dec: // atomic_dec_and_mutex_lock(): the fast path drops a reference that is not the last
        x.at<FunctionId::fsnotify_put_group>(3);
        if (!x.load(group + G::refcnt, 4, value))
            return Flow::Oops;
        if (static_cast<uint32_t>(value) != 1) {
            if (!x.store(group + G::refcnt, 4, value - 1))
                return Flow::Oops;
            f.pc = Return;
        } else {
            f.pc = Lock;
        }
        return Flow::Yield;
    case Lock:
        x.at<FunctionId::fsnotify_put_group>(3);
        f.pc = DecLocked;
        return x.call(FunctionId::mutex_lock, {layout::fsnotify_grp_mutex});
    case DecLocked:
        x.at<FunctionId::fsnotify_put_group>(3);
        if (!x.load(group + G::refcnt, 4, value) || !x.store(group + G::refcnt, 4, value - 1))
            return Flow::Oops;
        f.pc = static_cast<uint32_t>(value - 1) == 0 ? Evict : UnlockEarly;
        return Flow::Yield;
    case UnlockEarly:
        x.at<FunctionId::fsnotify_put_group>(4);
        f.pc = Return;
        return x.call(FunctionId::mutex_unlock, {layout::fsnotify_grp_mutex});
    case Evict:
        x.at<FunctionId::fsnotify_put_group>(5);
        if (!x.load(group + G::on_group_list, 4, value))
            return Flow::Oops;
        f.pc = value ? DelRcu : Unlock;
        return Flow::Yield;
    case DelRcu:
        x.at<FunctionId::fsnotify_put_group>(6);
        f.pc = ClearOnList;
        return x.call(x.fault(FaultId::ListDelNotRcu) ? FunctionId::list_del : FunctionId::list_del_rcu,
                      {group + G::group_list_next});
    case ClearOnList:
        x.at<FunctionId::fsnotify_put_group>(7);
        if (!x.store(group + G::on_group_list, 4, 0))
            return Flow::Oops;
        f.pc = Unlock;
        return Flow::Yield;
    case Unlock:
        x.at<FunctionId::fsnotify_put_group>(9);
        f.pc = Sync;
        return x.call(FunctionId::mutex_unlock, {layout::fsnotify_grp_mutex});
    case Sync:
        f.pc = Recalc;
        if (x.fault(FaultId::EarlyFree) || x.fault(FaultId::KzallocReuse))
            return Flow::Continue; // no grace period between eviction and kfree
        x.at<FunctionId::fsnotify_put_group>(10);
        if (x.fault(FaultId::WrongFlavor)) // waits for CPUs, not for SRCU readers
            return x.call(FunctionId::synchronize_sched);
        return x.call(FunctionId::synchronize_srcu, {layout::fsnotify_grp_srcu});
    case Recalc:
        x.at<FunctionId::fsnotify_put_group>(11);
        f.pc = Destroy;
        return x.call(FunctionId::fsnotify_recalc_global_mask);
    case Destroy:
        x.at<FunctionId::fsnotify_put_group>(12);
        f.pc = Return;
        return x.call(FunctionId::fsnotify_destroy_group, {group});
    case Return:
        x.at<FunctionId::fsnotify_put_group>(13);
        return x.ret(0);
    }
    throw std::logic_error("fsnotify_put_group: bad pc");
}

// local0: idx, local1: mask, local2: group, local3: next
template <uint8_t PC> Flow fsnotify_recalc_global_mask(Exec& x)
{
    Frame& f = x.frame();
    const uint64_t head = layout::fsnotify_groups;
    uint64_t value = 0;
    switch (PC) {
    case 0:
        x.at<FunctionId::fsnotify_recalc_global_mask>(6);
        f.pc = 1;
        return x.call(FunctionId::srcu_read_lock, {layout::fsnotify_grp_srcu});
    case 1:
        f.local[0] = x.task().retval;
        x.at<FunctionId::fsnotify_recalc_global_mask>(7);
        x.beginWalk();
        x.notePointerSource(head);
        if (!x.load(head, 8, f.local[2]))
            return Flow::Oops;
        f.pc = 2;
        return Flow::Yield;
    case 2:
        x.at<FunctionId::fsnotify_recalc_global_mask>(9);
        if (!x.load(f.local[2] + G::group_list_next, 8, f.local[3]))
            return Flow::Oops;
        f.pc = f.local[2] == head ? 4 : 3;
        return Flow::Yield;
    case 3:
        x.at<FunctionId::fsnotify_recalc_global_mask>(12);
        if (!x.load(f.local[2] + G::mask, 4, value))
            return Flow::Oops;
        f.local[1] |= value;
        x.notePointerSource(f.local[2] + G::group_list_next);
        f.local[2] = f.local[3];
        f.pc = 2;
        return Flow::Yield;
    case 4:
        x.at<FunctionId::fsnotify_recalc_global_mask>(15);
        f.pc = 5;
        return x.call(FunctionId::srcu_read_unlock, {layout::fsnotify_grp_srcu, f.local[0]});
    case 5:
        x.at<FunctionId::fsnotify_recalc_global_mask>(16);
        if (!x.store(layout::fsnotify_mask, 4, f.local[1]))
            return Flow::Oops;
        f.pc = 6;
        return Flow::Yield;
    case 6:
        x.at<FunctionId::fsnotify_recalc_global_mask>(17);
        return x.ret(0);
    }
    throw std::logic_error("fsnotify_recalc_global_mask: bad pc");
}

// arg0: group; local0: holder
template <uint8_t PC> Flow fsnotify_destroy_group(Exec& x)
{
    Frame& f = x.frame();
    const uint64_t group = f.arg[0];
    const uint64_t queue = group + G::notification_list;
    switch (PC) {
    case 0:
        x.at<FunctionId::fsnotify_destroy_group>(4);
        if (!x.load(queue, 8, f.local[0]))
            return Flow::Oops;
        f.pc = f.local[0] == queue ? 3 : 1;
        return Flow::Yield;
    case 1:
        x.at<FunctionId::fsnotify_destroy_group>(5);
        f.pc = 2;
        return x.call(FunctionId::list_del, {f.local[0]});
    case 2:
        x.at<FunctionId::fsnotify_destroy_group>(6);
        f.pc = 0;
        return x.call(FunctionId::kfree, {f.local[0]});
    case 3:
        x.at<FunctionId::fsnotify_destroy_group>(8);
        f.pc = 4;
        return x.call(FunctionId::kfree, {group});
    case 4:
        x.at<FunctionId::fsnotify_destroy_group>(9);
        return x.ret(0);
    }
    throw std::logic_error("fsnotify_destroy_group: bad pc");
}

// The handlers, one per case (see steps.h).
namespace handlers {
constinit const StepTable fsnotify_obtain_group = stepTable<25>([]<uint8_t PC>() { return &steps::fsnotify_obtain_group<PC>; });
constinit const StepTable fsnotify_put_group = stepTable<12>([]<uint8_t PC>() { return &steps::fsnotify_put_group<PC>; });
constinit const StepTable fsnotify_recalc_global_mask = stepTable<7>([]<uint8_t PC>() { return &steps::fsnotify_recalc_global_mask<PC>; });
constinit const StepTable fsnotify_destroy_group = stepTable<5>([]<uint8_t PC>() { return &steps::fsnotify_destroy_group<PC>; });
} // namespace handlers

} // namespace racescope::steps
