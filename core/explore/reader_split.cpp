#include "explore/reader_split.h"

#include "explore/footprint.h"
#include "memory/layout.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace racescope {

namespace {

bool callsOnlyFsnotify(const TaskSpec& t)
{
    return !t.program.empty() && std::all_of(t.program.begin(), t.program.end(), [](const OpSpec& op) {
        switch (op.kind) {
        case OpKind::Unlink:
        case OpKind::Create:
        case OpKind::Open:
        case OpKind::Modify:
        case OpKind::Access: return true;
        default: return false;
        }
    });
}

std::string hex(uint64_t value)
{
    char text[24];
    std::snprintf(text, sizeof text, "%#llx", static_cast<unsigned long long>(value));
    return text;
}

} // namespace

ReaderSplit splitReaders(const Scenario& s)
{
    ReaderSplit split;
    std::vector<uint8_t> readers;
    for (size_t i = 0; i < s.world.tasks.size(); ++i) {
        if (callsOnlyFsnotify(s.world.tasks[i]))
            readers.push_back(static_cast<uint8_t>(i));
    }
    if (readers.size() < 2)
        return split;
    if (s.world.tasks.size() > 64) {
        split.refused = "more than 64 tasks";
        return split;
    }
    const FaultSet& faults = s.world.faults;
    // A scribble may write a counter; a reader unlocking the wrong index takes a count away
    // that another reader added, so a scan may pass because of it.
    if (faults.has(FaultId::StrayWrite) || faults.has(FaultId::BitFlip) || faults.has(FaultId::SrcuUnlockWrongIdx)) {
        split.refused = "the faults let one reader change what another reader's grace period waits for";
        return split;
    }
    // Dropping a writer's failed scans (see docs/explorer.md) needs every synchronize_sched()
    // to run under the SRCU mutex, as synchronize_srcu() calls it.
    if (faults.has(FaultId::WrongFlavor)) {
        split.refused = "wrong-flavor calls synchronize_sched() outside synchronize_srcu()";
        return split;
    }
    // A CPU that two tasks share, or a task that migrates, lets a reader's presence decide
    // who else runs where.
    uint64_t cpusTaken = 0;
    for (const TaskSpec& t : s.world.tasks) {
        if (t.program.empty())
            continue; // done before the first step
        const unsigned cpu = t.cpu;
        if (t.migratable || ((cpusTaken >> cpu) & 1)) {
            split.refused = "the readers split only where every task is pinned to a CPU of its own";
            return split;
        }
        cpusTaken |= uint64_t(1) << cpu;
    }
    split.readers = std::move(readers);
    return split;
}

std::string readerStepGuard(const Scenario& s, uint8_t reader, const Action& action, const Footprint& footprint)
{
    if (action.task != reader)
        return {};
    const unsigned cpu = s.world.tasks[reader].cpu;
    const uint64_t counters = layout::kPerCpuBase + cpu * layout::kPerCpuStride;
    const uint64_t allCounters = layout::kPerCpuBase + s.world.cpus * layout::kPerCpuStride;
    for (const Access& a : footprint.accesses()) {
        // Scheduling objects are small numbers; memory is at kernel addresses (footprint.h).
        const bool memory = a.key > schedObject(SchedObject::TaskState, UINT32_MAX);
        const uint64_t kind = memory ? 0 : a.key >> 56;
        const uint64_t index = a.key & ((uint64_t(1) << 56) - 1);
        bool own = false;
        switch (kind) {
        case 0:
            // It may read anything but another CPU's counters, and write only its own.
            own = (a.key >= counters && a.key < counters + 8) ||
                  (!a.write && (a.key < layout::kPerCpuBase || a.key >= allCounters));
            break;
        case uint64_t(SchedObject::CpuCurrent):
        case uint64_t(SchedObject::CpuPreempt):
        case uint64_t(SchedObject::CpuKernel):
        case uint64_t(SchedObject::GpBit): own = index == cpu; break;
        case uint64_t(SchedObject::TaskState):
            // Itself, or a task in synchronize_sched() that this CPU's quiescent state lets go:
            // a wake-up through a mutex writes the mutex word too, and that is memory.
            own = true;
            break;
        }
        if (!own) {
            return s.world.tasks[reader].name + (a.write ? " wrote " : " read ") +
                   (memory ? "memory at " + hex(a.key) : "the scheduling state of CPU " + std::to_string(index)) +
                   ": a reader may touch only its own CPU's SRCU counters and scheduling state";
        }
    }
    return {};
}

std::optional<std::vector<Action>> searchReadersOneAtATime(const Scenario& s, const ExploreOptions& o,
                                                           ExploreResult& result, const ReaderSplit& split,
                                                           ExhaustiveSearch search)
{
    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    uint64_t allReaders = 0;
    for (uint8_t r : split.readers)
        allReaders |= uint64_t(1) << r;
    result.complete = true;
    for (uint8_t reader : split.readers) {
        ExploreOptions one = o;
        one.parked = o.parked | (allReaders & ~(uint64_t(1) << reader));
        one.stepGuard = [&s, reader](const Action& a, const Footprint& fp) { return readerStepGuard(s, reader, a, fp); };
        const double spent = std::chrono::duration<double>(Clock::now() - start).count();
        if (o.budgetSeconds > 0) {
            if (spent >= o.budgetSeconds) {
                result.complete = false;
                break;
            }
            one.budgetSeconds = o.budgetSeconds - spent;
        }
        const uint64_t before = result.states;
        if (o.progress)
            one.progress = [&o, before, spent](uint64_t states, double seconds) { o.progress(before + states, spent + seconds); };
        ExploreResult part;
        std::optional<std::vector<Action>> crash = search(s, one, part);
        result.states += part.states;
        result.schedules += part.schedules;
        result.steps += part.steps;
        result.revisits += part.revisits;
        result.prunedActions += part.prunedActions;
        result.summaries += part.summaries;
        result.sleeping += part.sleeping;
        result.cycleStates += part.cycleStates;
        result.depthBoundHit |= part.depthBoundHit;
        result.readersOneAtATime.push_back(reader);
        if (crash) {
            result.complete = false; // as a whole search that crashes
            return crash;
        }
        if (!part.guardStop.empty()) {
            result.guardStop = part.guardStop;
            result.complete = false;
            return std::nullopt;
        }
        if (!part.complete) {
            result.complete = false;
            break;
        }
    }
    return std::nullopt;
}

} // namespace racescope
