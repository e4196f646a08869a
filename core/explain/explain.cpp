#include "explain/explain.h"

#include "fsnotify/group_layout.h"
#include "memory/layout.h"
#include "report/oops_report.h"

#include <algorithm>
#include <optional>

namespace racescope {

std::string_view causeKindName(CauseKind kind)
{
    switch (kind) {
    case CauseKind::FaultingAccess: return "faulting-access";
    case CauseKind::PointerLoad: return "pointer-load";
    case CauseKind::PointerStore: return "pointer-store";
    case CauseKind::WalkEntry: return "walk-entry";
    case CauseKind::Eviction: return "eviction";
    case CauseKind::Free: return "free";
    case CauseKind::ReadSection: return "read-section";
    case CauseKind::GracePeriod: return "grace-period";
    case CauseKind::ReaderSlept: return "reader-slept";
    case CauseKind::MismatchedUnlock: return "mismatched-unlock";
    case CauseKind::FaultSwitch: return "fault-switch";
    }
    return "unknown";
}

namespace {

using Records = std::vector<TraceRecord>;

// The last record before `beforeStep` (exclusive) matching `pred`, searching backwards.
template <typename Pred> const TraceRecord* lastBefore(const Records& r, uint64_t beforeStep, Pred pred)
{
    for (auto it = r.rbegin(); it != r.rend(); ++it) {
        if (it->step < beforeStep && pred(*it))
            return &*it;
    }
    return nullptr;
}

template <typename Pred> const TraceRecord* firstBetween(const Records& r, uint64_t from, uint64_t to, Pred pred)
{
    for (const TraceRecord& rec : r) {
        if (rec.step >= from && rec.step <= to && pred(rec))
            return &rec;
    }
    return nullptr;
}

std::string who(const Machine& m, int task) { return task < 0 ? "no task" : m.world().taskNames[task]; }

CauseLink link(CauseKind kind, const TraceRecord& r, std::string text)
{
    return {kind, r.step, r.cpu, r.task == kNoTask ? -1 : r.task, r.site, r.address, std::move(text)};
}

std::string describeWord(const Machine& m, uint64_t address)
{
    if (address == layout::fsnotify_groups)
        return "fsnotify_groups.next";
    std::optional<ObjectRef> ref = m.allocator().objectAt(address);
    if (!ref)
        return hexValue(address);
    const std::string field = ref->offset == 0 ? "->next" : "+" + hexValue(ref->offset);
    return field + " of " + m.allocator().cache(ref->cache).name + " object " + hexValue(ref->base);
}

} // namespace

Explanation explainOops(const Machine& m, const Oops& o)
{
    Explanation e;
    const Records records = m.trace().records();
    if (records.empty()) {
        e.missing = "the run was not traced";
        return e;
    }
    const std::string reader = who(m, o.task);
    e.links.push_back({CauseKind::FaultingAccess, o.step, o.cpu, o.task, o.site, o.address,
                       reader + " faulted on " + hexValue(o.address) + " (" + std::string(faultKindName(o.kind)) +
                           ") at " + symbolize(o.regs.rip)});

    // The load that produced the dereferenced pointer, and the store behind its value.
    const TraceRecord* ptrLoad = lastBefore(records, o.pointerLoadStep + 1, [&](const TraceRecord& r) {
        return r.task == o.task && r.kind == RecordKind::Load && r.address == o.pointerSource;
    });
    if (ptrLoad) {
        e.links.push_back(link(CauseKind::PointerLoad, *ptrLoad,
                               reader + " read " + hexValue(ptrLoad->after) + " from " +
                                   describeWord(m, o.pointerSource)));
        const TraceRecord* st = lastBefore(records, ptrLoad->step, [&](const TraceRecord& r) {
            return r.kind == RecordKind::Store && r.address == o.pointerSource;
        });
        if (st) {
            std::string by = st->task == kNoTask ? "a stray store from no task (the scribble)"
                                                 : who(m, st->task) + " in " + siteText(st->site);
            e.links.push_back(link(CauseKind::PointerStore, *st,
                                   hexValue(st->after) + " was stored there by " + by));
        } else {
            e.links.push_back({CauseKind::PointerStore, 0, -1, -1, 0, o.pointerSource,
                               "that word still held what the allocator wrote when it built the slab: the end of "
                               "the freelist"});
        }
    }

    // Where the walk left the list: the first group on it freed during the reader's section.
    const OopsAnalysis a = analyzeOops(m, o);
    if (a.freed) {
        const uint64_t g = a.freed->object;
        const TraceRecord* entry = lastBefore(records, o.step + 1, [&](const TraceRecord& r) {
            return r.task == o.task && r.kind == RecordKind::Load && r.address == g;
        });
        const TraceRecord* freeRec = lastBefore(records, entry ? entry->step + 1 : o.step + 1, [&](const TraceRecord& r) {
            return r.kind == RecordKind::Free && r.address == g;
        });
        if (entry && freeRec && freeRec->step <= entry->step && entry != ptrLoad)
            e.links.push_back(link(CauseKind::WalkEntry, *entry,
                                   reader + " followed " + hexValue(entry->after) + " out of group " +
                                       std::to_string(a.freed->groupNum) + " at " + hexValue(g) +
                                       ", a link the allocator had written into the freed object"));
        if (freeRec) {
            CauseLink free = link(CauseKind::Free, *freeRec,
                                  "group " + std::to_string(a.freed->groupNum) + " at " + hexValue(g) +
                                      " was freed by " + who(m, freeRec->task) + " (" + siteText(a.freed->freeSite) +
                                      ")");
            free.site = a.freed->freeSite;
            // Its eviction: the store of LIST_POISON2 into ->prev (list_del_rcu or list_del).
            const TraceRecord* evict = lastBefore(records, freeRec->step, [&](const TraceRecord& r) {
                return r.kind == RecordKind::Store && r.address == g + 8 && r.after == layout::LIST_POISON2;
            });
            const uint64_t evictStep = evict ? evict->step : 0;
            // The reader's section, and the index it holds.
            const TraceRecord* lock = lastBefore(records, o.readLockStep + 1, [&](const TraceRecord& r) {
                return r.task == o.task && r.kind == RecordKind::Return &&
                       r.aux == static_cast<uint16_t>(FunctionId::srcu_read_lock);
            });
            std::vector<CauseLink> older;
            if (lock)
                older.push_back(link(CauseKind::ReadSection, *lock,
                                     reader + " entered its SRCU read-side section with index " +
                                         std::to_string(lock->after) + (evict && lock->step < evictStep ? ", before the eviction" : "")));
            if (evict)
                older.push_back(link(CauseKind::Eviction, *evict,
                                     who(m, evict->task) + " unlinked group " + std::to_string(a.freed->groupNum) +
                                         " from fsnotify_groups (" + siteText(evict->site) + ")"));

            // The grace period between eviction and free, if any, and why it did not cover the reader.
            const int freer = freeRec->task;
            auto callBetween = [&](FunctionId fn) {
                return firstBetween(records, evictStep, freeRec->step, [&](const TraceRecord& r) {
                    return r.task == freer && r.kind == RecordKind::Call && r.aux == static_cast<uint16_t>(fn) &&
                           siteFunction(r.site) == FunctionId::fsnotify_put_group;
                });
            };
            std::vector<CauseLink> gp;
            if (const TraceRecord* srcu = callBetween(FunctionId::synchronize_srcu)) {
                // Step 5's load of completed tells which index the scan waited on.
                const TraceRecord* sample = firstBetween(records, srcu->step, freeRec->step, [&](const TraceRecord& r) {
                    return r.task == freer && r.kind == RecordKind::Load && r.address == layout::kSrcuCompleted &&
                           r.site == makeSite(FunctionId::synchronize_srcu, 12);
                });
                const TraceRecord* flipWait = firstBetween(records, srcu->step, freeRec->step, [&](const TraceRecord& r) {
                    return r.task == freer && r.kind == RecordKind::Call &&
                           r.site == makeSite(FunctionId::synchronize_srcu, 14);
                });
                std::string text = who(m, freer) + " waited in synchronize_srcu()";
                if (sample)
                    text += ", which scanned index " + std::to_string(sample->after & 1);
                if (lock && sample && (sample->after & 1) != (lock->after & 1))
                    text += " while the reader held index " + std::to_string(lock->after & 1);
                if (!flipWait)
                    text += "; the synchronize_sched() after its flip (step 7) was left out";
                gp.push_back(link(CauseKind::GracePeriod, *srcu, text));
                // A count taken off the reader's index by someone who had locked the other one
                // lets that index's sum reach zero with the reader still inside.
                if (lock) {
                    const uint64_t held = lock->after & 1;
                    for (const TraceRecord& r : records) {
                        if (r.step < lock->step || r.step > freeRec->step || r.kind != RecordKind::Store ||
                            r.site != makeSite(FunctionId::srcu_read_unlock, 4) ||
                            ((r.address - layout::kPerCpuBase) % layout::kPerCpuStride) / 4 != held)
                            continue;
                        const TraceRecord* took = lastBefore(records, r.step, [&](const TraceRecord& x) {
                            return x.task == r.task && x.kind == RecordKind::Return &&
                                   x.aux == static_cast<uint16_t>(FunctionId::srcu_read_lock);
                        });
                        if (took && (took->after & 1) != held) {
                            older.push_back(link(CauseKind::MismatchedUnlock, r,
                                                 who(m, r.task) + " had locked index " + std::to_string(took->after & 1) +
                                                     " but unlocked index " + std::to_string(held) +
                                                     ", taking the reader's count off the sum the scan waited on"));
                            break;
                        }
                    }
                }
            } else if (const TraceRecord* sched = callBetween(FunctionId::synchronize_sched)) {
                gp.push_back(link(CauseKind::GracePeriod, *sched,
                                  who(m, freer) + " waited with synchronize_sched(), which waits for CPUs, not for "
                                                  "SRCU readers"));
                // The reader left its CPU inside its section (a sleep, or a preemption), so
                // that CPU passed a quiescent state while the reader still stood on the group.
                const uint64_t from = lock ? lock->step : evictStep;
                const TraceRecord* left = lastBefore(records, freeRec->step, [&](const TraceRecord& r) {
                    return r.step >= from && ((r.kind == RecordKind::Sleep && r.task == o.task) ||
                                              (r.kind == RecordKind::Switch && r.address == o.task && r.after != o.task));
                });
                if (left) {
                    CauseLink l = link(CauseKind::ReaderSlept, *left,
                                       reader + (left->kind == RecordKind::Sleep ? " slept" : " was switched out") +
                                           " inside its section: its CPU passed a quiescent state and the wait ended "
                                           "without it");
                    l.task = o.task;
                    older.push_back(l); // sorted by step with the section and the eviction
                }
            } else if (evict) {
                gp.push_back({CauseKind::GracePeriod, freeRec->step, freeRec->cpu, freer, 0, g,
                              "no grace period separated the eviction at step " + std::to_string(evictStep) +
                                  " from the free at step " + std::to_string(freeRec->step)});
            }
            e.links.push_back(free);
            for (const CauseLink& l : gp)
                e.links.push_back(l);
            std::sort(older.begin(), older.end(), [](const CauseLink& x, const CauseLink& y) { return x.step > y.step; });
            for (const CauseLink& l : older)
                e.links.push_back(l);
        }
    } else if (!ptrLoad) {
        e.missing = "the dereferenced pointer's origin is not in the trace";
    }

    // The switches that were on, with their mechanisms.
    for (const FaultInfo& f : faultCatalogue()) {
        if (m.faults().has(f.id))
            e.links.push_back({CauseKind::FaultSwitch, 0, -1, -1, 0, 0,
                               "fault " + std::string(f.name) + ": " + std::string(f.mechanism)});
    }
    if (m.faults().empty())
        e.missing = "no fault switch was on";
    return e;
}

bool linkNeedsSite(const CauseLink& l)
{
    return l.site != 0 && l.kind != CauseKind::PointerStore && l.kind != CauseKind::Free &&
           l.kind != CauseKind::Eviction;
}

std::string formatExplanation(const Machine& m, const Explanation& e)
{
    std::string out = "Why it crashed (most recent first):\n";
    int n = 1;
    for (const CauseLink& l : e.links) {
        out += "  " + std::to_string(n++) + ". ";
        if (l.step != 0)
            out += "[step " + std::to_string(l.step) + (l.cpu >= 0 ? ", CPU " + std::to_string(l.cpu) : "") +
                   (l.task >= 0 ? ", " + m.world().taskNames[l.task] : "") + "] ";
        out += l.text;
        if (linkNeedsSite(l))
            out += "\n       at " + siteText(l.site);
        out += "\n";
    }
    if (!e.missing.empty())
        out += "  (" + e.missing + ")\n";
    return out;
}

} // namespace racescope
