#include "explore/footprint.h"

#include <algorithm>

namespace racescope {

void Footprint::memory(uint64_t address, unsigned size, bool write)
{
    const uint64_t last = (address + std::max(1u, size) - 1) & ~uint64_t(3);
    for (uint64_t unit = address & ~uint64_t(3); unit <= last; unit += 4)
        m_accesses.push_back({unit, write});
}

void Footprint::seal()
{
    std::sort(m_accesses.begin(), m_accesses.end(), [](const Access& a, const Access& b) {
        return a.key != b.key ? a.key < b.key : a.write > b.write; // the write first: it survives
    });
    m_accesses.erase(std::unique(m_accesses.begin(), m_accesses.end(),
                                 [](const Access& a, const Access& b) { return a.key == b.key; }),
                     m_accesses.end());
}

bool Footprint::conflicts(const Footprint& other) const
{
    auto a = m_accesses.begin();
    auto b = other.m_accesses.begin();
    while (a != m_accesses.end() && b != other.m_accesses.end()) {
        if (a->key < b->key) {
            ++a;
        } else if (b->key < a->key) {
            ++b;
        } else {
            if (a->write || b->write)
                return true;
            ++a;
            ++b;
        }
    }
    return false;
}

namespace {

ObjectKey cpuObject(SchedObject kind, unsigned cpu) { return schedObject(kind, cpu); }

// Every unit of the slab object at `object`: under KASAN its shadow decides what an access
// to any byte of it does.
void wholeObject(Footprint& fp, const Machine& m, uint64_t object)
{
    if (std::optional<ObjectRef> ref = m.allocator().objectAt(object))
        fp.memory(ref->base, m.allocator().cache(ref->cache).objectSize, true);
}

} // namespace

Footprint stepFootprint(const std::vector<Task>& tasksBefore, const std::vector<Cpu>& cpusBefore,
                        const Action& action, const Machine& after)
{
    Footprint fp;
    const uint8_t task = action.task;
    const unsigned cpu = action.cpu;
    const unsigned cpus = static_cast<unsigned>(cpusBefore.size());
    const Task& was = tasksBefore[task];
    const Task& is = after.tasks()[task];

    fp.read(schedObject(SchedObject::TaskState, task));
    fp.read(cpuObject(SchedObject::CpuCurrent, cpu));
    bool quiescent = false;
    const bool wasCurrent = cpusBefore[cpu].current == task;
    if (action.kind == ActionKind::Sleep || !wasCurrent) {
        // A switch onto the CPU (or the task leaving it): needs the CPU preemptible, changes
        // who runs there, and is a quiescent state.
        fp.write(cpuObject(SchedObject::CpuCurrent, cpu));
        fp.read(cpuObject(SchedObject::CpuPreempt, cpu));
        quiescent = true;
    }
    if (after.cpus()[cpu].current != task && wasCurrent) {
        fp.write(cpuObject(SchedObject::CpuCurrent, cpu));
        quiescent = true;
    }
    if (cpusBefore[cpu].preemptCount != after.cpus()[cpu].preemptCount)
        fp.write(cpuObject(SchedObject::CpuPreempt, cpu));
    if (action.kind == ActionKind::Run && (was.depth == 0 || is.depth == 0)) {
        // A system call began or ended: a return to user mode is a quiescent state.
        fp.write(cpuObject(SchedObject::CpuKernel, cpu));
        quiescent |= is.depth == 0;
    }
    if (was.state != is.state)
        fp.write(schedObject(SchedObject::TaskState, task));

    // Wake-ups and grace-period bookkeeping show as changes to other tasks.
    uint64_t gpWritten = 0;
    for (size_t q = 0; q < tasksBefore.size(); ++q) {
        const Task& b = tasksBefore[q];
        const Task& a = after.tasks()[q];
        gpWritten |= b.gpPending ^ a.gpPending;
        if (q != task && b.state != a.state)
            fp.write(schedObject(SchedObject::TaskState, static_cast<uint32_t>(q)));
    }

    const bool kasan = after.world().spec.kasan;
    after.trace().forEach([&](const TraceRecord& r) {
        switch (r.kind) {
        case RecordKind::Load: fp.memory(r.address, r.size, false); break;
        case RecordKind::Store: fp.memory(r.address, r.size, true); break;
        case RecordKind::Fault: fp.memory(r.address, r.size, true); break;
        case RecordKind::Alloc:
        case RecordKind::Free:
            if (kasan)
                wholeObject(fp, after, r.address);
            break;
        case RecordKind::Call:
            if (r.aux == static_cast<uint16_t>(FunctionId::synchronize_sched)) {
                // busyCpusOtherThanMine(): who runs where, and whether in the kernel; then it
                // waits for a quiescent state on each of those CPUs.
                for (unsigned c = 0; c < cpus; ++c) {
                    if (c == cpu)
                        continue;
                    fp.read(cpuObject(SchedObject::CpuCurrent, c));
                    fp.read(cpuObject(SchedObject::CpuKernel, c));
                    gpWritten |= uint64_t(1) << c;
                }
            }
            break;
        default: break;
        }
    });
    for (unsigned c = 0; c < cpus; ++c) {
        if (gpWritten & (uint64_t(1) << c))
            fp.write(cpuObject(SchedObject::GpBit, c));
    }
    if (quiescent && !(gpWritten & (uint64_t(1) << cpu)))
        fp.read(cpuObject(SchedObject::GpBit, cpu));
    fp.seal();
    return fp;
}

Footprint disabledFootprint(const Machine& m, uint8_t task)
{
    Footprint fp;
    const Task& t = m.tasks()[task];
    if (t.state == TaskState::Done || t.state == TaskState::Dead)
        return fp;
    const unsigned cpus = static_cast<unsigned>(m.cpus().size());
    auto allowed = [&](unsigned c) { return c == t.cpu || t.migratable; };
    if (t.state != TaskState::Runnable) {
        // Once woken it switches in: a CPU with preemption off would hold it back.
        for (unsigned c = 0; c < cpus; ++c) {
            if (allowed(c))
                fp.read(cpuObject(SchedObject::CpuPreempt, c));
        }
    } else if (!m.isOnCpu(task)) {
        for (unsigned c = 0; c < cpus; ++c) {
            if (allowed(c) && !m.canPreempt(static_cast<uint8_t>(c)))
                fp.read(cpuObject(SchedObject::CpuPreempt, c));
        }
        // Preempted at the door of an allocation, where it could have chosen to sleep.
        if (t.depth > 0 && t.top().fn == FunctionId::kmalloc && t.top().pc == 0)
            fp.read(cpuObject(SchedObject::CpuCurrent, t.cpu));
    }
    fp.seal();
    return fp;
}

} // namespace racescope
