#include "sim/kernelevents.h"

#include "fsnotify/group_layout.h"
#include "machine/function_id.h"
#include "memory/layout.h"

#include <utility>

namespace racescope::ui {

void KernelEventCollector::consume(const Trace& trace, size_t from, size_t to)
{
    for (size_t i = from; i < to; ++i)
        consume(trace[i]);
}

void KernelEventCollector::consume(const TraceRecord& r)
{
    if (r.task != kNoTask && r.task >= m_pending.size())
        m_pending.resize(size_t(r.task) + 1, Pending::None);
    auto add = [&](KernelEventKind kind, uint64_t address) {
        m_events.push_back({r.step, kind, r.task, r.cpu, address});
    };
    switch (r.kind) {
    case RecordKind::Alloc:
        if (r.aux == kGroupCache)
            add(KernelEventKind::GroupAlloc, r.address);
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
    m_events.clear();
}

} // namespace racescope::ui
