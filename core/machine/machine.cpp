#include "machine/machine.h"

#include "fsnotify/group_layout.h"
#include "faults/scribble.h"
#include "machine/exec.h"
#include "memory/layout.h"

#include <algorithm>
#include <stdexcept>

namespace racescope {

std::string_view runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Running: return "running";
    case RunStatus::Oopsed: return "oops";
    case RunStatus::Finished: return "finished";
    case RunStatus::Deadlock: return "deadlock";
    }
    return "unknown";
}

std::string_view taskStateName(TaskState state)
{
    switch (state) {
    case TaskState::Runnable: return "runnable";
    case TaskState::Blocked: return "blocked";
    case TaskState::WaitGp: return "waiting for grace period";
    case TaskState::Done: return "done";
    case TaskState::Dead: return "dead";
    }
    return "unknown";
}

std::string_view sleepReasonName(SleepReason reason)
{
    switch (reason) {
    case SleepReason::None: return "none";
    case SleepReason::Preempted: return "preempted";
    case SleepReason::Voluntary: return "asleep";
    case SleepReason::Mutex: return "mutex";
    case SleepReason::GracePeriod: return "grace period";
    case SleepReason::Tick: return "tick";
    }
    return "unknown";
}

Machine::Machine(const WorldSpec& spec)
{
    if (spec.cpus == 0 || spec.cpus > layout::kMaxCpus)
        throw std::invalid_argument("cpus must be between 1 and 64");
    if (spec.tasks.empty() || spec.tasks.size() >= kNoTask)
        throw std::invalid_argument("a world needs between 1 and 254 tasks");
    auto world = std::make_shared<World>();
    world->spec = spec;
    for (size_t i = 0; i < spec.inodes.size(); ++i)
        world->inodeAddress.push_back(layout::kInodeBase + i * layout::kInodeStride);
    for (const TaskSpec& t : spec.tasks) {
        world->taskNames.push_back(t.name);
        world->programs.emplace_back();
        for (const OpSpec& op : t.program)
            world->programs.back().push_back(syscallOf(op, world->inodeAddress));
    }
    m_world = std::move(world);
    m_kasan = spec.kasan;
    boot();
}

void Machine::boot()
{
    const WorldSpec& spec = m_world->spec;
    m_memory.map(layout::kDataBase, layout::kDataSize, ".data");
    m_memory.map(layout::kRodataBase, layout::kRodataSize, ".rodata");
    m_memory.map(layout::kBssBase, layout::kBssSize, ".bss");
    m_memory.map(layout::kPerCpuBase, layout::kPerCpuStride * spec.cpus, "percpu");
    m_memory.map(layout::kInodeBase, layout::kInodeStride * std::max<size_t>(1, spec.inodes.size()), "inodes");

    // LIST_HEAD(fsnotify_groups): an empty circular list points at itself.
    m_memory.write64(layout::fsnotify_groups, layout::fsnotify_groups);
    m_memory.write64(layout::fsnotify_groups + 8, layout::fsnotify_groups);
    m_memory.write64(layout::kSrcuPerCpuRef, layout::kPerCpuBase);
    const uint64_t ops = layout::inotify_fsnotify_ops;
    m_memory.write64(ops + fsnotify_ops::should_send_event,
                     functionInfo(FunctionId::inotify_should_send_event).address);
    m_memory.write64(ops + fsnotify_ops::handle_event, functionInfo(FunctionId::inotify_handle_event).address);

    m_slab.setup(m_memory, spec.allocator,
                 {{"kmalloc-128", 128, spec.groupSlots},
                  {"fsnotify_event", fsnotify_event::size, spec.eventSlots},
                  {"fsnotify_event_holder", fsnotify_event_holder::size, spec.holderSlots}});

    m_cpus.assign(spec.cpus, Cpu{});
    m_tasks.assign(spec.tasks.size(), Task{});
    for (size_t i = 0; i < spec.tasks.size(); ++i) {
        const TaskSpec& ts = spec.tasks[i];
        if (ts.cpu >= spec.cpus)
            throw std::invalid_argument("task " + ts.name + " is pinned to a CPU that does not exist");
        Task& t = m_tasks[i];
        t.cpu = ts.cpu;
        t.migratable = ts.migratable;
        t.state = ts.program.empty() ? TaskState::Done : TaskState::Runnable;
        if (t.state == TaskState::Runnable)
            m_runnable.push_back(static_cast<uint8_t>(i));
    }
    for (const GroupSpec& g : spec.groups)
        bootGroup(g);
    m_faultRng = Rng(spec.faultSeed);
    if (spec.faults.has(FaultId::StrayWrite) || spec.faults.has(FaultId::BitFlip))
        m_scribbleStep = scribbleStep(m_faultRng);
    updateStatus();
}

// Groups present at boot are built exactly as fsnotify_obtain_group would leave them,
// written directly: boot is not part of the trace.
void Machine::bootGroup(const GroupSpec& g)
{
    namespace G = fsnotify_group;
    Bus bus(m_memory, nullptr);
    const uint64_t group = m_slab.kmalloc(bus, kGroupCache, false).object;
    if (!group)
        throw std::invalid_argument("more boot groups than group slots");
    m_slab.setTag(group, g.groupNum);
    m_memory.write32(group + G::refcnt, g.refs);
    m_memory.write32(group + G::group_num, g.groupNum);
    m_memory.write32(group + G::mask, g.mask);
    m_memory.write64(group + G::ops, layout::inotify_fsnotify_ops);
    m_memory.write64(group + G::notification_list, group + G::notification_list);
    m_memory.write64(group + G::notification_list + 8, group + G::notification_list);
    m_memory.write32(group + G::q_len, 0);
    m_memory.write32(group + G::max_events, 0x4000);
    m_memory.write64(group + G::notification_mutex, 0);
    m_memory.write64(group + G::watch_inode, m_world->inodeAddress.at(g.watch));
    // list_add_rcu at the head, as obtain_group does.
    const uint64_t head = layout::fsnotify_groups;
    const uint64_t first = m_memory.read64(head);
    m_memory.write64(group + G::group_list_next, first);
    m_memory.write64(group + G::group_list_prev, head);
    m_memory.write64(head, group);
    m_memory.write64(first + 8, group);
    m_memory.write32(group + G::on_group_list, 1);
    m_memory.write32(layout::fsnotify_mask, m_memory.read32(layout::fsnotify_mask) | g.mask);
    if (g.owner >= m_tasks.size() || g.fd >= kMaxFds)
        throw std::invalid_argument("boot group has no valid owner or fd");
    m_tasks[g.owner].fds[g.fd] = group;
}

bool Machine::atSleepablePoint(uint8_t task) const
{
    const Task& t = m_tasks[task];
    // Every allocation in the model is GFP_KERNEL: it may sleep before it takes the object.
    return t.state == TaskState::Runnable && t.depth > 0 && t.top().fn == FunctionId::kmalloc &&
           t.top().pc == 0 && m_cpus[t.cpu].preemptCount == 0;
}

bool Machine::isEnabled(const Action& a) const
{
    if (m_status != RunStatus::Running || a.task >= m_tasks.size() || a.cpu >= m_cpus.size())
        return false;
    const Task& t = m_tasks[a.task];
    if (t.state != TaskState::Runnable)
        return false;
    if (a.kind == ActionKind::Sleep)
        return isOnCpu(a.task) && a.cpu == t.cpu && atSleepablePoint(a.task);
    if (isOnCpu(a.task))
        return a.cpu == t.cpu;
    return (a.cpu == t.cpu || t.migratable) && canPreempt(a.cpu);
}

void Machine::enabledActions(std::vector<Action>& out) const
{
    out.clear();
    if (m_status != RunStatus::Running)
        return;
    for (uint8_t id : m_runnable) {
        const Task& t = m_tasks[id];
        if (isOnCpu(id)) {
            out.push_back({id, t.cpu, ActionKind::Run});
            if (atSleepablePoint(id))
                out.push_back({id, t.cpu, ActionKind::Sleep});
            continue;
        }
        for (uint8_t c = 0; c < m_cpus.size(); ++c) {
            if ((c == t.cpu || t.migratable) && canPreempt(c))
                out.push_back({id, c, ActionKind::Run});
        }
    }
}

void Machine::setState(uint8_t task, TaskState state)
{
    Task& t = m_tasks[task];
    const bool was = t.state == TaskState::Runnable;
    const bool is = state == TaskState::Runnable;
    if (state == TaskState::WaitGp)
        m_gpWaitCpus |= t.gpPending;
    m_blockedTasks += (state == TaskState::Blocked) - (t.state == TaskState::Blocked);
    t.state = state;
    if (was != is) {
        // Keep the list sorted so that every strategy sees tasks in the same order.
        if (is)
            m_runnable.insert(std::lower_bound(m_runnable.begin(), m_runnable.end(), task), task);
        else
            m_runnable.erase(std::lower_bound(m_runnable.begin(), m_runnable.end(), task));
    }
    // The status follows from the tasks' states, and only an oops changes it otherwise: kept
    // current here, a step need not work it out again.
    updateStatus();
}

// Tasks in synchronize_sched() waiting for this CPU are done waiting for it.
void Machine::endGracePeriods(uint8_t cpu)
{
    const uint64_t bit = 1ull << cpu;
    uint64_t stillWaited = 0;
    for (uint8_t i = 0; i < m_tasks.size(); ++i) {
        Task& t = m_tasks[i];
        if (t.state != TaskState::WaitGp)
            continue;
        if (t.gpPending & bit) {
            t.gpPending &= ~bit;
            if (t.gpPending == 0) {
                setState(i, TaskState::Runnable);
                if (m_tracing) {
                    recordEvent(RecordKind::Wake, cpu, i, i, 0, static_cast<uint16_t>(SleepReason::GracePeriod));
                }
            }
        }
        stillWaited |= t.gpPending;
    }
    m_gpWaitCpus = stillWaited;
}

// Scheduling records carry no code site; the caller has checked that tracing is on.
void Machine::recordEvent(RecordKind kind, uint8_t cpu, uint8_t task, uint64_t address, uint64_t after, uint16_t aux)
{
    TraceRecord& r = m_trace.appendSlot();
    r = TraceRecord{};
    r.step = m_step;
    r.kind = kind;
    r.address = address;
    r.after = after;
    r.cpu = cpu;
    r.task = task;
    r.aux = aux;
}

void Machine::switchTo(uint8_t cpu, uint8_t task)
{
    Cpu& c = m_cpus[cpu];
    const uint8_t previous = c.current;
    if (previous != kNoTask)
        m_tasks[previous].reason = SleepReason::Preempted;
    c.current = task;
    m_tasks[task].cpu = cpu;
    m_tasks[task].reason = SleepReason::None;
    if (m_tracing) {
        recordEvent(RecordKind::Switch, cpu, task, previous, task, 0);
    }
    quiescentState(cpu);
}

void Machine::leaveCpu(uint8_t task, SleepReason reason)
{
    Task& t = m_tasks[task];
    Cpu& c = m_cpus[t.cpu];
    if (c.current == task)
        c.current = kNoTask;
    t.reason = reason;
    if (m_tracing) {
        recordEvent(RecordKind::Sleep, t.cpu, task, t.waitAddress, 0, static_cast<uint16_t>(reason));
    }
    quiescentState(t.cpu);
}

void Machine::apply(const Action& a)
{
    if (!isEnabled(a))
        throw std::logic_error("action is not enabled");
    applyEnabled(a);
}

void Machine::applyEnabled(const Action& a)
{
    Exec x(*this);
    applyEnabled(a, x);
}

void Machine::applyEnabled(const Action& a, Exec& x)
{
    ++m_step;
    if (m_tracing) {
        recordEvent(RecordKind::Schedule, a.cpu, a.task, a.task, a.cpu, static_cast<uint16_t>(a.kind));
    }
    if (m_step == m_scribbleStep) {
        Bus bus(m_memory, m_tracing ? &m_trace : nullptr, m_journal.target);
        bus.context.step = m_step;
        scribble(bus, m_faultRng, m_world->spec.faults.has(FaultId::BitFlip) &&
                                      !m_world->spec.faults.has(FaultId::StrayWrite));
    }
    if (a.kind == ActionKind::Sleep) {
        leaveCpu(a.task, SleepReason::Voluntary);
        return;
    }
    if (m_cpus[a.cpu].current != a.task)
        switchTo(a.cpu, a.task);
    runTask(a.task, x);
}

void Machine::injectCall(uint8_t task, FunctionId fn, std::initializer_list<uint64_t> args)
{
    Task& t = m_tasks.at(task);
    if (t.depth != 0)
        throw std::logic_error("injectCall needs a task in user mode");
    Exec x(*this, task);
    x.push(fn, args);
    t.step = stepHandler(t);
    if (t.state == TaskState::Done)
        setState(task, TaskState::Runnable); // which brings the status up to date
}

Syscall Machine::syscallOf(const OpSpec& op, const std::vector<uint64_t>& inodeAddress)
{
    using namespace fs_mask;
    const auto vfs = [&](FunctionId fn, uint64_t mask) {
        return Syscall{fn, -1, {inodeAddress.at(op.inode), mask}};
    };
    switch (op.kind) {
    case OpKind::Unlink: return vfs(FunctionId::vfs_unlink, FS_DELETE | FS_EVENT_ON_CHILD);
    case OpKind::Create: return vfs(FunctionId::vfs_create, FS_CREATE | FS_EVENT_ON_CHILD);
    case OpKind::Open: return vfs(FunctionId::vfs_open, FS_OPEN);
    case OpKind::Modify: return vfs(FunctionId::vfs_write, FS_MODIFY);
    case OpKind::Access: return vfs(FunctionId::vfs_read, FS_ACCESS);
    case OpKind::InotifyInit:
        return {FunctionId::sys_inotify_init, -1, {op.fd, op.groupNum, op.mask, inodeAddress.at(op.watch)}};
    case OpKind::Close: return {FunctionId::sys_close, -1, {op.fd}};
    case OpKind::Read:
        if (op.fd >= kMaxFds)
            throw std::invalid_argument("read from a file descriptor out of range");
        return {FunctionId::inotify_read, op.fd, {}};
    case OpKind::Count: break;
    }
    throw std::logic_error("bad op");
}

bool Machine::startNextOp(Exec& x)
{
    Task& t = x.task();
    const TaskSpec& spec = m_world->spec.tasks[x.taskId()];
    if (spec.program.empty())
        return false;
    while (t.opIndex >= spec.program.size()) {
        ++t.loopsDone;
        t.opIndex = 0;
        t.opRepeat = 0;
        if (spec.loops != 0 && t.loopsDone >= spec.loops)
            return false;
    }
    const Syscall& call = m_world->programs[x.taskId()][t.opIndex];
    std::array<uint64_t, 4> args = call.args;
    if (call.fdArg >= 0)
        args[0] = t.fds[static_cast<size_t>(call.fdArg)];
    x.bus().context.site = makeSite(FunctionId::UserMode, 3);
    x.push(call.fn, args);
    return true;
}

void Machine::runTask(uint8_t id, Exec& x)
{
    x.start(id);
    Task& t = x.task();
    // t.step is current on entry (see Task::step); every way out below leaves it current.
    StepFn step = t.step;
    // A step is bounded: every function reaches a visible action within a few calls.
    for (int guard = 0; guard < 64; ++guard) {
        if (!step) { // user mode
            if (!startNextOp(x)) {
                setState(id, TaskState::Done);
                leaveCpu(id, SleepReason::None);
                return;
            }
            step = stepHandler(t);
            continue;
        }
        const Flow flow = step(x);
        step = stepHandler(t);
        t.step = step;
        // Tested in order of frequency, not as a switch: most steps end in Yield (calls and
        // returns run their successors themselves), and Leave and Oops are rare.
        if (flow == Flow::Yield) [[likely]]
            return;
        if (flow != Flow::Continue) [[unlikely]] {
            if (flow == Flow::Leave)
                leaveCpu(id, t.reason);
            else
                raiseOops(x);
            return;
        }
        if (!step) {
            // Back in user mode: a quiescent state, and the op is done.
            const TaskSpec& spec = m_world->spec.tasks[id];
            ++t.syscalls;
            if (t.opIndex < spec.program.size() && ++t.opRepeat >= spec.program[t.opIndex].repeat) {
                t.opRepeat = 0;
                ++t.opIndex;
            }
            quiescentState(t.cpu);
            return;
        }
    }
    throw std::logic_error("a step did not reach a visible action");
}

void Machine::raiseOops(Exec& x)
{
    Task& t = x.task();
    Oops oops;
    oops.step = m_step;
    oops.cpu = t.cpu;
    oops.task = x.taskId();
    oops.kind = x.faultKind;
    oops.address = x.faultAddress;
    oops.write = x.faultWrite;
    oops.site = makeSite(t.top().fn, t.top().line);
    oops.regs = t.regs;
    for (int i = t.depth - 1; i >= 0; --i)
        oops.callSites.push_back(makeSite(t.stack[i].fn, t.stack[i].line));
    oops.pointerSource = t.pointerSource;
    oops.pointerLoadStep = t.pointerStep;
    const uint32_t kept = std::min<uint32_t>(t.walkLength, Task::kWalkMemory);
    for (uint32_t i = t.walkLength - kept; i < t.walkLength; ++i)
        oops.walk.push_back(t.walk[i % Task::kWalkMemory]);
    for (uint64_t source : oops.walk) {
        const std::optional<ObjectRef> ref = m_slab.objectAt(source);
        oops.walkShadows.push_back(ref ? m_slab.shadow(*ref) : ObjectShadow{});
    }
    if (const std::optional<ObjectRef> ref = m_slab.objectAt(oops.address))
        oops.faultShadow = m_slab.shadow(*ref);
    oops.readLockStep = t.readLockStep;
    x.bus().record(RecordKind::Oops, oops.address, 0, oops.regs.rip, 8, static_cast<uint16_t>(oops.kind));
    m_oopses.push_back(std::move(oops));
    // Not every fault path sets all three, and the Exec may serve further steps.
    x.faultKind = AccessFaultKind::None;
    x.faultAddress = 0;
    x.faultWrite = false;
    if (m_world->spec.oopsPolicy == OopsPolicy::HaltMachine) {
        m_status = RunStatus::Oopsed;
        return;
    }
    // do_exit() after the oops: the task dies where it stood, holding whatever it held.
    m_cpus[t.cpu].preemptCount = 0;
    setState(x.taskId(), TaskState::Dead);
    leaveCpu(x.taskId(), SleepReason::None);
}

void Machine::updateStatus()
{
    if (m_status == RunStatus::Oopsed)
        return;
    if (!m_runnable.empty()) {
        m_status = RunStatus::Running;
        return;
    }
    const bool allDone = std::all_of(m_tasks.begin(), m_tasks.end(), [](const Task& t) {
        return t.state == TaskState::Done || t.state == TaskState::Dead;
    });
    m_status = allDone ? RunStatus::Finished : RunStatus::Deadlock;
}

} // namespace racescope
