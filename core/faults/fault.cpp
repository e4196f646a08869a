#include "faults/fault.h"

#include <array>

namespace racescope {

namespace {
constexpr std::array<FaultInfo, static_cast<size_t>(FaultId::Count)> kCatalogue = {{
    {FaultId::EarlyFree, "early-free",
     "fsnotify_put_group frees the group without waiting for SRCU readers",
     "fsnotify_put_group skips synchronize_srcu() between list_del_rcu() and kfree()",
     "NULL dereference at fsnotify+0x93 (SLUB: a reader on the freed group walks the freelist to "
     "its NULL end: the seed's oops)",
     "seed"},
    {FaultId::WrongFlavor, "wrong-flavor",
     "fsnotify_put_group waits with synchronize_sched() instead of synchronize_srcu()",
     "fsnotify_put_group calls synchronize_sched(); a reader asleep in its SRCU section has left its "
     "CPU, so the wait ends without it",
     "NULL dereference at fsnotify+0x93 once a reader that slept in its section walks on", "seed"},
    {FaultId::SrcuSkipFlipWait, "srcu-skip-flip-wait",
     "synchronize_srcu leaves out the synchronize_sched() after the flip (step 7)",
     "a reader that sampled the old index just before the flip increments it after the scan; the next "
     "grace period scans the other index and misses it",
     "NULL dereference at fsnotify+0x93; needs two grace periods in a row (two writers)", "two-writers"},
    {FaultId::SrcuUnlockWrongIdx, "srcu-unlock-wrong-idx",
     "fsnotify() unlocks the other SRCU index than the one it locked",
     "fsnotify() calls srcu_read_unlock(&fsnotify_grp_srcu, 0) whatever index it took: a reader that "
     "took index 1 takes a count off index 0, whose sum can reach zero while a reader still holds it",
     "NULL dereference at fsnotify+0x93 after a grace period that ignored a live reader", "seed"},
    {FaultId::RefcountUnderflow, "refcount-underflow",
     "fsnotify_obtain_group hands out a shared group without taking a reference",
     "the match path of fsnotify_obtain_group skips atomic_inc_not_zero(); one fsnotify_put_group too "
     "many follows, as in the 2009-2010 inotify mark races",
     "a group freed while its other owner still uses it: silent use-after-free, refcnt underflow, and "
     "a list and freelist that corrupt each other",
     "shared-group"},
    {FaultId::ListDelNotRcu, "list-del-not-rcu", "eviction uses list_del() instead of list_del_rcu()",
     "__fsnotify_evict_group poisons ->next with LIST_POISON1 while readers may stand on the group",
     "unable to handle kernel paging request at 0000000000100100 in fsnotify", "seed"},
    {FaultId::KzallocReuse, "kzalloc-reuse", "an early free, and the memory comes back zeroed",
     "fsnotify_put_group skips synchronize_srcu() and fsnotify_obtain_group allocates with kzalloc(): "
     "the freed group's ->next becomes 0 before list_add_rcu() fills it",
     "NULL dereference at fsnotify+0x93 (->next reads 0 on a reused group)", "seed"},
    {FaultId::StrayWrite, "stray-write", "a random scribble over a word of the group list",
     "once, at a step chosen by the fault seed, a random word of the list head or a group is "
     "overwritten (half the time with 0), as the maintainer suspected of bad RAM",
     "anything: a NULL or wild ->next, a bad ops pointer, or nothing at all", "seed"},
    {FaultId::BitFlip, "bit-flip", "one bit flips in a word of the group list",
     "once, at a step chosen by the fault seed, one bit of a random word of the list head or a group "
     "flips",
     "anything, most often a paging request on a wild pointer", "seed"},
    {FaultId::SrcuEarlyExit1, "srcu-early-exit-1",
     "synchronize_srcu's early exit after one flip instead of two",
     "step 3 returns when completed advanced by 1 (not 2) since the snapshot",
     "harmless under sequential consistency: the kernel's comment blames CPU reordering, which this "
     "model does not do yet",
     "two-writers"},
}};
} // namespace

std::span<const FaultInfo> faultCatalogue() { return kCatalogue; }

std::optional<FaultId> faultFromName(std::string_view name)
{
    for (const FaultInfo& f : kCatalogue) {
        if (f.name == name)
            return f.id;
    }
    return std::nullopt;
}

const FaultInfo& faultInfo(FaultId id) { return kCatalogue[static_cast<size_t>(id)]; }

} // namespace racescope
