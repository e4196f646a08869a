// Machine::stateHash(): what two machines must share to behave the same from here on.
// Left out: counters that only describe the past (steps, quiescent-state counts, syscall
// counts, the allocator's shadow, where a walk has been), RIP (it follows from the frame),
// values no later step reads (below), and the trace. Two states with the same hash are treated as one by the exhaustive search.

#include "machine/machine.h"

#include <xxhash.h>

#include <array>
#include <cstring>
#include <type_traits>
#include <vector>

namespace racescope {

namespace {
// Fields are packed into one buffer and hashed with a single call: an XXH3 update per field
// cost more than the hashing itself. The buffer is sized for the worst case up front, so
// that each field is one fixed-size copy with no test.
class Packer {
public:
    void start(size_t worstCase)
    {
        if (m_bytes.size() < worstCase)
            m_bytes.resize(worstCase);
        m_end = m_bytes.data();
    }
    template <typename T> void add(const T& value)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        std::memcpy(m_end, &value, sizeof value);
        m_end += sizeof value;
    }
    // An array without its trailing zeros, after its length: most slots of a frame's arguments
    // and locals, and of a task's file table, are unused, and the hash's cost is its input.
    template <size_t N> void addTrimmed(const std::array<uint64_t, N>& values)
    {
        static_assert(N < 256);
        uint8_t n = N;
        while (n > 0 && values[n - 1] == 0)
            --n;
        add(n);
        for (uint8_t k = 0; k < n; ++k)
            add(values[k]);
    }
    uint64_t digest() const { return XXH3_64bits(m_bytes.data(), static_cast<size_t>(m_end - m_bytes.data())); }

private:
    std::vector<uint8_t> m_bytes;
    uint8_t* m_end = nullptr;
};
bool insideFsnotify(const Task& t)
{
    for (unsigned d = 0; d < t.depth; ++d) {
        if (t.stack[d].fn == FunctionId::fsnotify)
            return true;
    }
    return false;
}
} // namespace

uint64_t Machine::stateHash() const
{
    // Reused by each call on this thread: no allocation once it has grown.
    thread_local Packer h;
    // A task packs fewer bytes than it occupies (some fields are left out, frames lose their
    // padding), and so does a CPU.
    h.start(sizeof(uint64_t) + m_tasks.size() * sizeof(Task) + m_cpus.size() * sizeof(Cpu) + sizeof(m_status));
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
            h.addTrimmed(f.arg);
            h.addTrimmed(f.local);
        }
        // Dead values are left out: states that differ only in them behave the same, and with
        // them in, the search counted each reachable state once per leftover value. Only
        // fsnotify() reads registers (RBX, R12-R14 and RAX across its steps; RCX, RDX, RSI and
        // RDI it only writes, for the oops's register block), so outside it they are leftovers
        // of an earlier walk. A return value is read by the caller in the step the callee
        // returns in, never in a later one. tst_search_state checks both on random runs.
        if (insideFsnotify(t)) {
            const Registers& r = t.regs;
            for (uint64_t v : {r.rax, r.rbx, r.r12, r.r13, r.r14})
                h.add(v);
        }
        h.add(t.waitAddress);
        h.add(t.gpPending);
        h.add(t.opIndex);
        h.add(t.opRepeat);
        if (m_world->spec.tasks[i].loops != 0) // a program that loops for ever has no position in its loops
            h.add(t.loopsDone);
        h.addTrimmed(t.fds);
    }
    for (const Cpu& c : m_cpus) {
        h.add(c.current);
        h.add(c.preemptCount);
    }
    h.add(m_status);
    return h.digest();
}

} // namespace racescope
