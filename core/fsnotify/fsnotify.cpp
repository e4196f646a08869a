// fsnotify(): the SRCU reader that oopsed in the seed. Its steps follow the seed's
// disassembly instruction by instruction where that matters: the register roles (RBX the
// group, RAX the loaded ->next or a callee's return, R12 the test mask, R13 the full mask,
// R14 the inode) and the offsets +0x90, +0x93, +0xa2, +0xb5 and +0xcd.

#include "fsnotify/group_layout.h"
#include "machine/steps.h"
#include "memory/layout.h"

#include <stdexcept>

namespace racescope::steps {

namespace {
enum Pc : uint8_t {
    Entry,
    ReadLock,
    LoadFirst,
    LoadNext,      // +0x93
    TestMask,      // +0xa2
    LoadOpsShould, // +0xa8
    CallShould,    // +0xb5
    AfterShould,
    NeedEvent,
    AfterCreate,
    LoadOpsHandle, // +0xc2
    CallHandle,    // +0xcd
    AfterHandle,
    FollowNext,    // +0x90
    ReadUnlock,
    PutEvent,
    Return,
};

// The indirect `callq *off(%rax)`: the target must be a function the model knows; anything
// else is a jump into the void, which the kernel reports as a paging request at that RIP.
Flow callThroughOps(Exec& x, uint64_t slot, std::initializer_list<uint64_t> args, Pc next)
{
    uint64_t target = 0;
    if (!x.load(slot, 8, target))
        return Flow::Oops;
    std::optional<FunctionId> fn = functionAt(target);
    if (!fn) {
        x.regs().rip = target;
        x.faultKind = classifyUnmapped(target);
        if (x.faultKind == AccessFaultKind::None)
            x.faultKind = AccessFaultKind::PagingRequest;
        x.faultAddress = target;
        return Flow::Oops;
    }
    x.frame().pc = next;
    x.push(*fn, args);
    return Flow::Yield;
}
} // namespace

template <uint8_t PC> Flow fsnotify(Exec& x)
{
    Frame& f = x.frame();
    Registers& r = x.regs();
    const uint64_t head = layout::fsnotify_groups;
    uint64_t value = 0;
    switch (PC) {
    case Entry:
        r.r14 = f.arg[0];
        r.r13 = f.arg[1];
        r.r12 = f.arg[1] & ~uint64_t(fs_mask::FS_EVENT_ON_CHILD);
        f.local[1] = 0; // event
        x.atInsn<FunctionId::fsnotify>(8, 0x4a);
        if (!x.load(layout::fsnotify_mask, 4, value))
            return Flow::Oops;
        f.pc = (r.r12 & value) ? ReadLock : Return;
        return Flow::Yield;
    case ReadLock:
        x.atInsn<FunctionId::fsnotify>(11, 0x77);
        f.pc = LoadFirst;
        return x.call(FunctionId::srcu_read_lock, {layout::fsnotify_grp_srcu});
    case LoadFirst:
        f.local[0] = x.task().retval; // mov %eax,-0x54(%rbp)
        x.atInsn<FunctionId::fsnotify>(12, 0x7c);
        x.beginWalk();
        x.notePointerSource(head);
        if (!x.load(head, 8, r.rbx))
            return Flow::Oops;
        f.pc = LoadNext;
        return Flow::Yield;
    case LoadNext:
        x.atInsn<FunctionId::fsnotify>(14, 0x93);
        if (!x.load(r.rbx + fsnotify_group::group_list_next, 8, r.rax))
            return Flow::Oops;
        f.pc = r.rbx == head ? ReadUnlock : TestMask; // cmp $fsnotify_groups,%rbx; je
        return Flow::Yield;
    case TestMask:
        x.atInsn<FunctionId::fsnotify>(17, 0xa2);
        if (!x.load(r.rbx + fsnotify_group::mask, 4, value))
            return Flow::Oops;
        f.pc = (r.r12 & value) ? LoadOpsShould : FollowNext;
        return Flow::Yield;
    case LoadOpsShould:
        x.atInsn<FunctionId::fsnotify>(18, 0xa8);
        if (!x.load(r.rbx + fsnotify_group::ops, 8, r.rax))
            return Flow::Oops;
        f.pc = CallShould;
        return Flow::Yield;
    case CallShould:
        x.atInsn<FunctionId::fsnotify>(18, 0xb5);
        r.rdx = r.r13 & 0xffffffff;
        r.rsi = r.r14;
        r.rdi = r.rbx;
        return callThroughOps(x, r.rax + fsnotify_ops::should_send_event, {r.rbx, r.r14, r.r13}, AfterShould);
    case AfterShould:
        f.pc = (r.rax & 0xff) ? NeedEvent : FollowNext; // test %al,%al
        return Flow::Continue;
    case NeedEvent:
        if (f.local[1] != 0) {
            f.pc = LoadOpsHandle;
            return Flow::Continue;
        }
        x.atInsn<FunctionId::fsnotify>(20, 0x108);
        f.pc = AfterCreate;
        return x.call(FunctionId::fsnotify_create_event, {r.r14, r.r13});
    case AfterCreate:
        f.local[1] = x.task().retval;
        if (f.local[1] == 0) {
            x.atInsn<FunctionId::fsnotify>(22, 0x11c); // OOM: break out of the walk
            f.pc = ReadUnlock;
            return Flow::Continue;
        }
        f.pc = LoadOpsHandle;
        return Flow::Continue;
    case LoadOpsHandle:
        x.atInsn<FunctionId::fsnotify>(23, 0xc2);
        if (!x.load(r.rbx + fsnotify_group::ops, 8, r.rax))
            return Flow::Oops;
        f.pc = CallHandle;
        return Flow::Yield;
    case CallHandle:
        x.atInsn<FunctionId::fsnotify>(23, 0xcd);
        r.rsi = f.local[1];
        r.rdi = r.rbx;
        return callThroughOps(x, r.rax + fsnotify_ops::handle_event, {r.rbx, f.local[1]}, AfterHandle);
    case AfterHandle:
        f.pc = FollowNext;
        return Flow::Continue;
    case FollowNext:
        x.atInsn<FunctionId::fsnotify>(26, 0x90);
        x.notePointerSource(r.rbx + fsnotify_group::group_list_next);
        if (!x.load(r.rbx + fsnotify_group::group_list_next, 8, r.rbx))
            return Flow::Oops;
        f.pc = LoadNext;
        return Flow::Yield;
    case ReadUnlock: {
        x.atInsn<FunctionId::fsnotify>(28, 0xe2);
        // The fault hard-codes index 0: right for a reader that took 0, wrong for one that took 1.
        const uint64_t idx = x.fault(FaultId::SrcuUnlockWrongIdx) ? 0 : f.local[0];
        r.rsi = idx;
        r.rdi = layout::fsnotify_grp_srcu;
        f.pc = PutEvent;
        return x.call(FunctionId::srcu_read_unlock, {layout::fsnotify_grp_srcu, idx});
    }
    case PutEvent:
        f.pc = Return;
        if (f.local[1] != 0) {
            x.atInsn<FunctionId::fsnotify>(30, 0xf0);
            return x.call(FunctionId::kfree, {f.local[1]});
        }
        return Flow::Continue;
    case Return:
        x.atInsn<FunctionId::fsnotify>(31, 0x14f);
        return x.ret(0);
    }
    throw std::logic_error("fsnotify: bad pc");
}

template <uint8_t PC> Flow fsnotify_create_event(Exec& x)
{
    Frame& f = x.frame();
    switch (PC) {
    case 0:
        x.at<FunctionId::fsnotify_create_event>(3);
        f.pc = 1;
        return x.call(FunctionId::kmalloc, {kEventCache, 0});
    case 1:
        f.local[0] = x.task().retval;
        if (f.local[0] == 0) {
            x.at<FunctionId::fsnotify_create_event>(5);
            return x.ret(0);
        }
        x.at<FunctionId::fsnotify_create_event>(6);
        if (!x.store(f.local[0] + fsnotify_event::mask, 4, f.arg[1]))
            return Flow::Oops;
        f.pc = 2;
        return Flow::Yield;
    case 2:
        x.at<FunctionId::fsnotify_create_event>(7);
        if (!x.store(f.local[0] + fsnotify_event::to_tell, 8, f.arg[0]))
            return Flow::Oops;
        f.pc = 3;
        return Flow::Yield;
    default:
        x.at<FunctionId::fsnotify_create_event>(8);
        return x.ret(f.local[0]);
    }
}

// The handlers, one per case (see steps.h).
namespace handlers {
constinit const StepTable fsnotify = stepTable<Return + 1>([]<uint8_t PC>() { return &steps::fsnotify<PC>; });
constinit const StepTable fsnotify_create_event = stepTable<3>([]<uint8_t PC>() { return &steps::fsnotify_create_event<PC>; });
} // namespace handlers

} // namespace racescope::steps
