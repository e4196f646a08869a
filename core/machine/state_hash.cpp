// Machine::stateHash(): what two machines must share to behave the same from here on.
// Left out: counters that only describe the past (steps, quiescent-state counts, syscall
// counts, the allocator's shadow, where a walk has been), RIP (it follows from the frame),
// and the trace. Two states with the same hash are treated as one by the exhaustive search.

#include "machine/machine.h"

#define XXH_STATIC_LINKING_ONLY // the state lives on the stack, not in a heap allocation per hash
#include <xxhash.h>

namespace racescope {

namespace {
class Hasher {
public:
    Hasher() { XXH3_64bits_reset(&m_state); }
    template <typename T> void add(const T& value) { XXH3_64bits_update(&m_state, &value, sizeof value); }
    void addBytes(const void* data, size_t size) { XXH3_64bits_update(&m_state, data, size); }
    uint64_t digest() { return XXH3_64bits_digest(&m_state); }

private:
    XXH3_state_t m_state;
};
} // namespace

uint64_t Machine::stateHash() const
{
    Hasher h;
    // Memory keeps its own digest current with every store: hashing its bytes here cost
    // tens of thousands of instructions a state.
    h.add(m_memory.contentHash());
    for (size_t i = 0; i < m_tasks.size(); ++i) {
        const Task& t = m_tasks[i];
        h.add(t.state);
        h.add(t.cpu);
        h.add(t.depth);
        for (unsigned d = 0; d < t.depth; ++d) {
            const Frame& f = t.stack[d];
            h.add(f.fn);
            h.add(f.pc);
            h.add(f.line);
            h.add(f.arg);
            h.add(f.local);
        }
        const Registers& r = t.regs;
        for (uint64_t v : {r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.r12, r.r13, r.r14})
            h.add(v);
        h.add(t.retval);
        h.add(t.waitAddress);
        h.add(t.gpPending);
        h.add(t.opIndex);
        h.add(t.opRepeat);
        if (m_world->spec.tasks[i].loops != 0) // a program that loops for ever has no position in its loops
            h.add(t.loopsDone);
        h.add(t.fds);
    }
    for (const Cpu& c : m_cpus) {
        h.add(c.current);
        h.add(c.preemptCount);
    }
    h.add(m_status);
    return h.digest();
}

} // namespace racescope
