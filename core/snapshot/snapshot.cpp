#include "snapshot/snapshot.h"

#include "explain/explain.h"
#include "fsnotify/group_layout.h"
#include "memory/layout.h"
#include "report/oops_report.h"
#include "timeline/timeline.h"

#include <algorithm>

namespace racescope {

std::string_view objectLifeName(ObjectLife life)
{
    switch (life) {
    case ObjectLife::Free: return "free";
    case ObjectLife::Initialising: return "initialising";
    case ObjectLife::Live: return "live";
    case ObjectLife::Unlinked: return "unlinked, waiting for a grace period";
    case ObjectLife::Detached: return "detached";
    }
    return "unknown";
}

int synchronizeSrcuStep(const Frame& f) { return srcuStepForLine(f.line); }

namespace {

uint64_t word(const Memory& m, uint64_t address)
{
    LoadResult r = m.load(address, 8);
    return r.ok() ? r.value : 0;
}

uint32_t word32(const Memory& m, uint64_t address)
{
    LoadResult r = m.load(address, 4);
    return r.ok() ? static_cast<uint32_t>(r.value) : 0;
}

void collectList(const Machine& machine, Snapshot& s)
{
    const Memory& mem = machine.memory();
    uint64_t pos = word(mem, layout::fsnotify_groups);
    const size_t bound = machine.allocator().cache(kGroupCache).capacity + 1;
    while (pos != layout::fsnotify_groups) {
        if (s.listOrder.size() >= bound || !mem.isMapped(pos, 8)) {
            s.listCorrupt = true;
            break;
        }
        s.listOrder.push_back(pos);
        pos = word(mem, pos);
    }
}

void collectFreelist(const Machine& machine, Snapshot& s)
{
    const SlabAllocator& slab = machine.allocator();
    const KmemCache& c = slab.cache(kGroupCache);
    const Memory& mem = machine.memory();
    if (slab.kind() == AllocatorKind::Slab) {
        const uint32_t avail = std::min(word32(mem, c.descriptor), c.capacity);
        for (uint32_t i = avail; i > 0; --i)
            s.freelist.push_back(word(mem, c.freeArray + 8ull * (i - 1)));
        return;
    }
    uint64_t pos = word(mem, c.descriptor);
    while (pos != 0 && s.freelist.size() < c.capacity && mem.isMapped(pos + c.linkOffset, 8)) {
        s.freelist.push_back(pos);
        pos = word(mem, pos + c.linkOffset);
    }
}

void collectGroups(const Machine& machine, Snapshot& s)
{
    namespace G = fsnotify_group;
    const SlabAllocator& slab = machine.allocator();
    const KmemCache& c = slab.cache(kGroupCache);
    const Memory& mem = machine.memory();
    // Objects that writers hold: being built, or evicted and waiting.
    std::vector<uint64_t> building, evicted;
    for (const Task& t : machine.tasks()) {
        for (unsigned d = 0; d < t.depth; ++d) {
            const Frame& f = t.stack[d];
            if (f.fn == FunctionId::fsnotify_obtain_group && f.local[0] != 0)
                building.push_back(f.local[0]);
            if (f.fn == FunctionId::fsnotify_put_group && f.line >= 6)
                evicted.push_back(f.arg[0]);
        }
    }
    for (uint32_t i = 0; i < c.capacity; ++i) {
        GroupObject g;
        g.address = c.objectAddress(i);
        g.slot = i;
        const ObjectShadow& shadow = slab.shadow(*slab.objectAt(g.address));
        g.generation = shadow.generation;
        g.freedAtStep = shadow.freeStep;
        g.next = word(mem, g.address + G::group_list_next);
        g.prev = word(mem, g.address + G::group_list_prev);
        g.mask = word32(mem, g.address + G::mask);
        g.refcnt = word32(mem, g.address + G::refcnt);
        g.groupNum = word32(mem, g.address + G::group_num);
        g.onGroupList = word32(mem, g.address + G::on_group_list);
        g.qLen = word32(mem, g.address + G::q_len);
        auto onList = std::find(s.listOrder.begin(), s.listOrder.end(), g.address);
        if (shadow.state == ObjectState::Free) {
            g.life = ObjectLife::Free;
        } else if (onList != s.listOrder.end()) {
            g.life = ObjectLife::Live;
            g.listPosition = static_cast<int>(onList - s.listOrder.begin());
        } else if (std::find(building.begin(), building.end(), g.address) != building.end()) {
            g.life = ObjectLife::Initialising;
        } else if (std::find(evicted.begin(), evicted.end(), g.address) != evicted.end()) {
            g.life = ObjectLife::Unlinked;
        } else {
            g.life = ObjectLife::Detached;
        }
        s.groups.push_back(g);
    }
}

void collectTasks(const Machine& machine, Snapshot& s)
{
    const std::vector<Task>& tasks = machine.tasks();
    for (uint8_t i = 0; i < tasks.size(); ++i) {
        const Task& t = tasks[i];
        TaskView v;
        v.name = machine.world().taskNames[i];
        v.state = t.state;
        v.reason = t.reason;
        v.cpu = t.cpu;
        v.onCpu = machine.isOnCpu(i);
        v.regs = t.regs;
        v.syscalls = t.syscalls;
        for (unsigned d = 0; d < t.depth; ++d) {
            const Frame& f = t.stack[d];
            v.callSites.push_back(makeSite(f.fn, f.line));
            // A reader between srcu_read_lock and srcu_read_unlock, and where it stands.
            if (f.fn == FunctionId::fsnotify && f.line >= 12 && f.line <= 27) {
                s.readers.push_back({i, t.cpu, static_cast<int>(f.local[0]), t.regs.rbx, f.fn});
            } else if (f.fn == FunctionId::fsnotify_recalc_global_mask && f.line >= 7 && f.line <= 14) {
                s.readers.push_back({i, t.cpu, static_cast<int>(f.local[0]), f.local[2], f.fn});
            } else if (f.fn == FunctionId::synchronize_srcu) {
                SrcuWriter w;
                w.task = i;
                w.step = synchronizeSrcuStep(f);
                w.inSynchronizeSched = d + 1 < t.depth && t.stack[d + 1].fn == FunctionId::synchronize_sched;
                if (w.step >= 6)
                    w.scanIndex = static_cast<int>(f.local[0] & 1);
                s.srcu.writers.push_back(w);
            }
        }
        s.tasks.push_back(std::move(v));
    }
}

int mutexOwner(const Memory& mem, uint64_t mutex)
{
    const uint64_t owner = word(mem, mutex);
    return owner == 0 ? -1 : static_cast<int>(owner - 1);
}

} // namespace

Snapshot takeSnapshot(const Machine& machine)
{
    return SnapshotTaker().take(machine);
}

Snapshot SnapshotTaker::take(const Machine& machine)
{
    Snapshot s;
    const Memory& mem = machine.memory();
    s.step = machine.steps();
    s.status = machine.status();
    s.allocator = machine.allocator().kind();
    s.listHead = layout::fsnotify_groups;
    s.fsnotifyMask = word32(mem, layout::fsnotify_mask);
    s.grpMutexOwner = mutexOwner(mem, layout::fsnotify_grp_mutex);
    collectList(machine, s);
    collectFreelist(machine, s);
    collectGroups(machine, s);
    collectTasks(machine, s);
    for (const Cpu& c : machine.cpus())
        s.cpus.push_back({c.idle() ? -1 : c.current, c.preemptCount, c.quiescentStates});
    s.srcu.completed = word32(mem, layout::kSrcuCompleted);
    s.srcu.mutexOwner = mutexOwner(mem, layout::kSrcuMutex);
    for (unsigned cpu = 0; cpu < machine.cpus().size(); ++cpu) {
        std::array<int32_t, 2> c{};
        for (unsigned idx = 0; idx < 2; ++idx) {
            c[idx] = static_cast<int32_t>(word32(mem, layout::kPerCpuBase + cpu * layout::kPerCpuStride + 4 * idx));
            s.srcu.sums[idx] += c[idx];
        }
        s.srcu.counters.push_back(c);
    }
    s.oopses = machine.oopses();
    for (const Oops& o : s.oopses)
        s.oopsReports.push_back(formatOopsReport(machine, o));
    if (!s.oopses.empty() && machine.tracing()) {
        const Oops& first = s.oopses.front();
        if (!m_explained || m_explained->step != first.step || m_explained->task != first.task ||
            m_explained->address != first.address) {
            Explained e{first.step, first.task, first.address, {}};
            for (const CauseLink& l : explainOops(machine, first).links) {
                std::string text = l.text;
                if (linkNeedsSite(l))
                    text += " (" + siteText(l.site) + ")";
                e.lines.push_back({l.step, std::move(text)});
            }
            m_explained = std::move(e);
        }
        s.explanation = m_explained->lines;
    }
    return s;
}

} // namespace racescope
