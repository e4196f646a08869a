// The list primitives of include/linux/list.h and rculist.h, one store per step so that a
// reader on another CPU can run between any two of them.
// Rule: callers serialise updates (fsnotify_grp_mutex, or a group's notification_mutex);
// readers of the RCU variants run concurrently and are only promised to see a consistent
// ->next chain: list_add_rcu publishes a fully built entry, list_del_rcu keeps ->next.

#include "machine/steps.h"
#include "memory/layout.h"

#include <stdexcept>

namespace racescope::steps {

namespace {
// One store as one step; the line is that store's line in the listing.
Flow storeStep(Exec& x, uint8_t line, uint64_t address, uint64_t value)
{
    x.at(line);
    if (!x.store(address, 8, value))
        return Flow::Oops;
    ++x.frame().pc;
    return Flow::Yield;
}
} // namespace

// arg0: new, arg1: head; local0: the old first entry
template <uint8_t PC> Flow list_add_rcu(Exec& x)
{
    Frame& f = x.frame();
    const uint64_t entry = f.arg[0], head = f.arg[1];
    switch (PC) {
    case 0:
        x.at<FunctionId::list_add_rcu>(3);
        if (!x.load(head, 8, f.local[0]))
            return Flow::Oops;
        f.pc = 1;
        return Flow::Yield;
    case 1: return storeStep(x, 4, entry, f.local[0]);
    case 2: return storeStep(x, 5, entry + 8, head);
    case 3: return storeStep(x, 6, head, entry); // the publish: readers may now reach entry
    case 4: return storeStep(x, 7, f.local[0] + 8, entry);
    default: x.at<FunctionId::list_add_rcu>(8); return x.ret(0);
    }
}

// arg0: new, arg1: head; local0: the old last entry
template <uint8_t PC> Flow list_add_tail(Exec& x)
{
    Frame& f = x.frame();
    const uint64_t entry = f.arg[0], head = f.arg[1];
    switch (PC) {
    case 0:
        x.at<FunctionId::list_add_tail>(3);
        if (!x.load(head + 8, 8, f.local[0]))
            return Flow::Oops;
        f.pc = 1;
        return Flow::Yield;
    case 1: return storeStep(x, 4, entry, head);
    case 2: return storeStep(x, 5, entry + 8, f.local[0]);
    case 3: return storeStep(x, 6, f.local[0], entry);
    case 4: return storeStep(x, 7, head + 8, entry);
    default: x.at<FunctionId::list_add_tail>(8); return x.ret(0);
    }
}

// list_del_rcu poisons only ->prev, so a reader standing on the entry still finds its way
// back to the list; list_del poisons ->next too. arg0: entry; local0: next, local1: prev
template <uint8_t PC> Flow list_del_entry(Exec& x)
{
    Frame& f = x.frame();
    const bool rcu = f.fn == FunctionId::list_del_rcu;
    const uint64_t entry = f.arg[0];
    switch (PC) {
    case 0:
        x.at(3);
        if (!x.load(entry, 8, f.local[0]) || !x.load(entry + 8, 8, f.local[1]))
            return Flow::Oops;
        f.pc = 1;
        return Flow::Yield;
    case 1: return storeStep(x, 4, f.local[1], f.local[0]);
    case 2: return storeStep(x, 5, f.local[0] + 8, f.local[1]);
    case 3:
        if (rcu) // ->next is left alone
            return storeStep(x, 6, entry + 8, layout::LIST_POISON2);
        return storeStep(x, 6, entry, layout::LIST_POISON1);
    case 4:
        if (rcu) {
            x.at(7);
            return x.ret(0);
        }
        return storeStep(x, 7, entry + 8, layout::LIST_POISON2);
    default:
        x.at(8);
        return x.ret(0);
    }
}

// The handlers, one per case (see steps.h).
namespace handlers {
constinit const StepTable list_add_rcu = stepTable<5>([]<uint8_t PC>() { return &steps::list_add_rcu<PC>; });
constinit const StepTable list_add_tail = stepTable<5>([]<uint8_t PC>() { return &steps::list_add_tail<PC>; });
constinit const StepTable list_del_entry = stepTable<5>([]<uint8_t PC>() { return &steps::list_del_entry<PC>; });
} // namespace handlers

} // namespace racescope::steps
