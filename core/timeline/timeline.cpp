#include "timeline/timeline.h"

#include "fsnotify/group_layout.h"
#include "machine/function_id.h"

namespace racescope {

int srcuStepForLine(uint8_t line)
{
    switch (line) {
    case 5: return 1;
    case 6: return 2;
    case 7:
    case 8:
    case 9: return 3;
    case 11: return 4;
    case 12: return 5;
    case 13: return 6;
    case 14: return 7;
    case 15:
    case 16: return 8;
    case 17: return 9;
    case 18:
    case 19: return 10;
    default: return 0;
    }
}

TimelineBuilder::TimelineBuilder(unsigned tasks) : m_tasks(tasks) {}

int TimelineBuilder::open(const LaneSpan& span)
{
    LaneSpan s = span;
    s.end = kOpenEnd;
    if (!m_freeSlots.empty()) {
        const int slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        m_open[slot] = s;
        return slot;
    }
    m_open.push_back(s);
    return static_cast<int>(m_open.size() - 1);
}

void TimelineBuilder::close(int& handle)
{
    if (handle < 0)
        return;
    LaneSpan s = m_open[handle];
    s.end = m_step;
    // Empty spans are dropped, except synchronize_srcu's steps: its synchronize_sched() steps
    // last no CPU time at all (the writer sleeps), yet a view still marks where they were.
    if (s.end > s.begin || s.kind == SpanKind::SrcuStep)
        m_closed.push_back(s);
    m_open[handle].end = 0;
    m_freeSlots.push_back(handle);
    handle = -1;
}

void TimelineBuilder::leaveCpu(uint8_t task)
{
    TaskState& t = m_tasks[task];
    if (!t.onCpu)
        return;
    t.onCpu = false;
    close(t.readSpan);
    close(t.stepSpan);
    const uint8_t holding = t.readIndex >= 0 ? static_cast<uint8_t>(t.readIndex) : kNoIndex;
    t.sleepSpan = open({m_step, 0, 0, t.cpu, task, SpanKind::Sleeping, holding});
}

void TimelineBuilder::resume(uint8_t task, uint8_t cpu)
{
    TaskState& t = m_tasks[task];
    if (t.onCpu && t.cpu == cpu)
        return;
    close(t.sleepSpan);
    t.onCpu = true;
    t.cpu = cpu;
    if (t.readIndex >= 0)
        t.readSpan = open({m_step, 0, 0, cpu, task, SpanKind::ReadSection, static_cast<uint8_t>(t.readIndex)});
    if (t.srcuStep > 0)
        t.stepSpan = open({m_step, 0, 0, cpu, task, SpanKind::SrcuStep, static_cast<uint8_t>(t.srcuStep)});
}

void TimelineBuilder::consume(const TraceRecord& r)
{
    m_step = r.step;
    if (r.task >= m_tasks.size() && r.kind != RecordKind::Switch)
        return;
    switch (r.kind) {
    case RecordKind::Schedule:
        if (r.aux == 0) // ActionKind::Run
            resume(static_cast<uint8_t>(r.address), static_cast<uint8_t>(r.after));
        return;
    case RecordKind::Switch:
        if (r.address < m_tasks.size() && r.address != r.after)
            leaveCpu(static_cast<uint8_t>(r.address));
        return;
    case RecordKind::Sleep: leaveCpu(r.task); return;
    case RecordKind::Call: {
        TaskState& t = m_tasks[r.task];
        const auto callee = static_cast<FunctionId>(r.aux);
        if (callee == FunctionId::srcu_read_unlock) {
            close(t.readSpan);
            t.readIndex = -1;
        } else if (callee == FunctionId::synchronize_srcu) {
            close(t.gpSpan);
            t.gpSpan = open({m_step, 0, 0, t.cpu, r.task, SpanKind::GracePeriod, kNoIndex});
        } else if (callee == FunctionId::list_del_rcu && siteFunction(r.site) == FunctionId::fsnotify_put_group) {
            m_closed.push_back({m_step, m_step, 0, t.cpu, r.task, SpanKind::Evict, kNoIndex});
        }
        break;
    }
    case RecordKind::Return: {
        TaskState& t = m_tasks[r.task];
        const auto fn = static_cast<FunctionId>(r.aux);
        if (fn == FunctionId::srcu_read_lock) {
            t.readIndex = static_cast<int>(r.after & 1);
            close(t.readSpan);
            t.readSpan = open({m_step, 0, 0, t.cpu, r.task, SpanKind::ReadSection, static_cast<uint8_t>(t.readIndex)});
        } else if (fn == FunctionId::synchronize_srcu) {
            close(t.stepSpan);
            close(t.gpSpan);
            t.srcuStep = 0;
        }
        return;
    }
    case RecordKind::Free:
        if (r.aux == kGroupCache)
            m_closed.push_back({m_step, m_step, r.address, r.cpu, r.task, SpanKind::Free, kNoIndex});
        return;
    case RecordKind::Oops:
        m_closed.push_back({m_step, m_step, r.address, r.cpu, r.task, SpanKind::Oops, kNoIndex});
        return;
    default: break;
    }
    // Any record made inside synchronize_srcu tells which of its steps the writer is in.
    if (siteFunction(r.site) == FunctionId::synchronize_srcu && r.task < m_tasks.size()) {
        TaskState& t = m_tasks[r.task];
        const int step = srcuStepForLine(siteLine(r.site));
        if (step != 0 && step != t.srcuStep) {
            close(t.stepSpan);
            t.srcuStep = step;
            if (t.onCpu)
                t.stepSpan = open({m_step, 0, 0, t.cpu, r.task, SpanKind::SrcuStep, static_cast<uint8_t>(step)});
        }
    }
}

size_t TimelineBuilder::consume(const Trace& trace, size_t from)
{
    const size_t end = trace.size();
    for (size_t i = from; i < end; ++i)
        consume(trace[i]);
    return end;
}

TimelineDelta TimelineBuilder::takeDelta()
{
    TimelineDelta d;
    d.step = m_step;
    d.closed.swap(m_closed);
    for (const LaneSpan& s : m_open) {
        if (s.end == kOpenEnd) {
            LaneSpan open = s;
            open.end = m_step;
            d.open.push_back(open);
        }
    }
    return d;
}

} // namespace racescope
