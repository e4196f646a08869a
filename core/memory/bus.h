#pragma once
// The one door between simulated code and memory. Every load and store of a step goes
// through a Bus, which stamps it with who did it (step, CPU, task, source site) and, when
// tracing is on, records it. A later weak-memory model puts per-CPU store buffers here.

#include "memory/memory.h"
#include "trace/trace.h"

#include <vector>

namespace racescope {

// A store as it can be taken back: what it overwrote. A depth-first search keeps a journal of
// these so that it can walk back up its path instead of copying the machine at every step.
struct StoreUndo {
    uint64_t address = 0;
    uint64_t previous = 0;
    uint8_t size = 0;
};
using StoreJournal = std::vector<StoreUndo>;

struct AccessContext {
    uint64_t step = 0;
    uint16_t site = 0;
    uint8_t cpu = 0;
    uint8_t task = kNoTask;
};

class Bus {
public:
    Bus(Memory& memory, Trace* trace, StoreJournal* journal = nullptr)
        : m_memory(memory), m_trace(trace), m_journal(journal)
    {
    }

    [[gnu::always_inline]] LoadResult load(uint64_t address, unsigned size)
    {
        LoadResult r = m_memory.load(address, size);
        if (m_trace)
            record(r.ok() ? RecordKind::Load : RecordKind::Fault, address, 0, r.value, size,
                   static_cast<uint16_t>(r.fault));
        return r;
    }

    [[gnu::always_inline]] AccessFaultKind store(uint64_t address, unsigned size, uint64_t value)
    {
        uint64_t previous = 0;
        AccessFaultKind fault = m_memory.store(address, size, value, &previous);
        if (m_journal && fault == AccessFaultKind::None) [[unlikely]]
            m_journal->push_back({address, previous, static_cast<uint8_t>(size)});
        if (m_trace)
            record(fault == AccessFaultKind::None ? RecordKind::Store : RecordKind::Fault, address,
                   previous, value, size, static_cast<uint16_t>(fault));
        return fault;
    }

    // The test inline, the record out of line: with tracing off a record costs one branch.
    [[gnu::always_inline]] void record(RecordKind kind, uint64_t address, uint64_t before, uint64_t after,
                                       uint8_t size = 0, uint16_t aux = 0)
    {
        if (m_trace)
            append(kind, address, before, after, size, aux);
    }

    bool tracing() const { return m_trace != nullptr; }
    Memory& memory() { return m_memory; }

    AccessContext context;

private:
    [[gnu::noinline]] void append(RecordKind kind, uint64_t address, uint64_t before, uint64_t after, uint8_t size,
                                  uint16_t aux)
    {
        TraceRecord& r = m_trace->appendSlot();
        r.step = context.step;
        r.address = address;
        r.before = before;
        r.after = after;
        r.site = context.site;
        r.aux = aux;
        r.cpu = context.cpu;
        r.task = context.task;
        r.kind = kind;
        r.size = size;
    }

    Memory& m_memory;
    Trace* m_trace;
    StoreJournal* m_journal;
};

} // namespace racescope
