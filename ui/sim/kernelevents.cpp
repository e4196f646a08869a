#include "sim/kernelevents.h"

#include "fsnotify/group_layout.h"
#include "machine/function_id.h"
#include "memory/layout.h"
#include "snapshot/snapshot.h"

#include <utility>

namespace racescope::ui {

void KernelEventCollector::consume(const Trace& trace, size_t from, size_t to)
{
    for (size_t i = from; i < to; ++i)
        consume(trace[i]);
}

void KernelEventCollector::start(const Machine& machine)
{
    clear();
    for (const GroupObject& g : takeSnapshot(machine).groups) {
        if (g.life != ObjectLife::Free)
            m_groupNums[g.address] = g.groupNum;
    }
}

void KernelEventCollector::consume(const TraceRecord& r)
{
    if (r.task != kNoTask && r.task >= m_pending.size())
        m_pending.resize(size_t(r.task) + 1, Pending::None);
    auto add = [&](KernelEventKind kind, uint64_t address) {
        std::optional<uint32_t> num;
        if (kind != KernelEventKind::GracePeriodBegin && kind != KernelEventKind::GracePeriodEnd) {
            if (const auto it = m_groupNums.find(address); it != m_groupNums.end())
                num = it->second;
        }
        m_events.push_back({r.step, kind, r.task, r.cpu, address, num});
    };
    switch (r.kind) {
    case RecordKind::Alloc:
        if (r.aux == kGroupCache) {
            m_groupNums[r.address] = std::nullopt; // a new group: its number comes later
            add(KernelEventKind::GroupAlloc, r.address);
        }
        return;
    case RecordKind::Free:
        if (r.aux == kGroupCache)
            add(KernelEventKind::GroupFreed, r.address);
        return;
    case RecordKind::Call: {
        const auto callee = FunctionId(r.aux);
        const FunctionId caller = siteFunction(r.site);
        if (callee == FunctionId::synchronize_srcu)
            add(KernelEventKind::GracePeriodBegin, 0);
        else if (callee == FunctionId::list_add_rcu && caller == FunctionId::fsnotify_obtain_group)
            m_pending[r.task] = Pending::Link;
        else if ((callee == FunctionId::list_del_rcu || callee == FunctionId::list_del) &&
                 caller == FunctionId::fsnotify_put_group)
            m_pending[r.task] = Pending::Evict;
        return;
    }
    case RecordKind::Return:
        if (FunctionId(r.aux) == FunctionId::synchronize_srcu)
            add(KernelEventKind::GracePeriodEnd, 0);
        return;
    case RecordKind::Load:
        // list_del_rcu's first step loads entry->next, at the entry itself (group_list is
        // the group's first member).
        if (r.task != kNoTask && m_pending[r.task] == Pending::Evict) {
            m_pending[r.task] = Pending::None;
            add(KernelEventKind::GroupEvicted, r.address);
        }
        return;
    case RecordKind::Store:
        if (siteFunction(r.site) == FunctionId::fsnotify_obtain_group) {
            if (const auto it = m_groupNums.find(r.address - fsnotify_group::group_num); it != m_groupNums.end())
                it->second = static_cast<uint32_t>(r.after);
            return;
        }
        // list_add_rcu's publish, head->next = entry, is the store to the list head.
        if (r.task != kNoTask && m_pending[r.task] == Pending::Link && r.address == layout::fsnotify_groups) {
            m_pending[r.task] = Pending::None;
            add(KernelEventKind::GroupLinked, r.after);
        }
        return;
    default:
        return;
    }
}

KernelEvents KernelEventCollector::take() { return std::exchange(m_events, {}); }

void KernelEventCollector::clear()
{
    m_pending.clear();
    m_groupNums.clear();
    m_events.clear();
}

} // namespace racescope::ui
