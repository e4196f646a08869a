#pragma once
// Compact, shared forms of footprints for the reduced search (por_search.cpp): objects
// numbered densely, footprints interned, and state summaries interned. Many states share a
// summary (every state of a cycle has the same one, and near the end of a run few steps
// remain), so a state stores a 32-bit id.
//
// A state's summary says, for each task, what its steps reachable from the state may do:
//  - which objects they read and write (any step, on any explored path from the state);
//  - which objects its disabled actions there would read (disabledFootprint);
//  - which tasks take, on every explored path, a step that happens before the task's first
//    step from the state ("leaders"): a step on the search path that happens before a
//    leader's last step on the path is then ordered before every later step of the task;
//  - what that first step surely accesses, from which the leaders of the state before are
//    worked out.
// The last two are exact facts about traces (happens-before is the same in every
// interleaving of a trace), so taking them over the explored representatives is sound.

#include "explore/footprint.h"

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <span>
#include <vector>

namespace racescope {

class ObjectIds {
public:
    uint32_t id(ObjectKey key)
    {
        auto [it, added] = m_ids.try_emplace(key, static_cast<uint32_t>(m_keys.size()));
        if (added)
            m_keys.push_back(key);
        return it->second;
    }
    size_t size() const { return m_keys.size(); }
    ObjectKey key(uint32_t id) const { return m_keys[id]; }

private:
    absl::flat_hash_map<ObjectKey, uint32_t> m_ids;
    std::vector<ObjectKey> m_keys;
};

struct ObjectAccess {
    uint32_t object = 0;
    bool write = false;
    bool operator==(const ObjectAccess&) const = default;
};

class FootprintTable {
public:
    uint32_t intern(const Footprint& footprint, ObjectIds& ids);
    std::span<const ObjectAccess> get(uint32_t id) const
    {
        return {m_pool.data() + m_offsets[id], m_offsets[id + 1] - m_offsets[id]};
    }

private:
    std::vector<ObjectAccess> m_pool;
    std::vector<uint32_t> m_offsets{0};
    absl::flat_hash_map<uint64_t, std::vector<uint32_t>> m_byHash;
};

bool conflicts(std::span<const ObjectAccess> a, std::span<const ObjectAccess> b);

class SummaryTable;

// Accumulates one summary from the steps out of a state (or out of every state of a cycle).
class SummaryBuilder {
public:
    explicit SummaryBuilder(unsigned tasks);
    void clear();
    void addDisabled(unsigned task, std::span<const ObjectAccess> footprint);
    // A step of `task` out of the state, to a state summarised by `target` (or to none: the run
    // ended, or the step stays inside the cycle being summarised, see `inside`).
    void addStep(unsigned task, std::span<const ObjectAccess> footprint, const SummaryTable& table,
                 const uint32_t* target);
    // A cycle: nothing is known about orders, so no task has leaders.
    void forgetOrder();

private:
    friend class SummaryTable;
    void grow(unsigned words);
    uint64_t* block(unsigned task, unsigned kind) { return m_bits.data() + (3 * task + kind) * m_words; }

    unsigned m_tasks;
    unsigned m_words = 0;
    std::vector<uint64_t> m_bits; // per task: reads, writes, disabled reads
    std::vector<uint64_t> m_leaders;
    std::vector<uint8_t> m_firstKnown;          // 0: no first step seen yet (anything goes)
    std::vector<std::vector<ObjectAccess>> m_first;
    std::vector<ObjectAccess> m_scratch;
};

class SummaryTable {
public:
    static constexpr uint32_t kEmpty = 0; // nothing follows (the run ends, or never explored)
    enum Kind : unsigned { Reads = 0, Writes = 1, DisabledReads = 2 };

    explicit SummaryTable(unsigned tasks);
    uint32_t intern(const SummaryBuilder& builder);
    unsigned tasks() const { return m_tasks; }
    // The task's bitset of the given kind, `words(summary, task)` words long (objects past the
    // end are absent).
    unsigned words(uint32_t summary, unsigned task) const { return m_blocks[part(summary, task).block].words; }
    const uint64_t* block(uint32_t summary, unsigned task, Kind kind) const
    {
        const Block& b = m_blocks[part(summary, task).block];
        return m_bits.data() + b.offset + kind * b.words;
    }
    uint64_t leaders(uint32_t summary, unsigned task) const { return part(summary, task).leaders; }
    // Whether the task's first step from the state is known (it moves on some explored path),
    // and what it surely accesses.
    bool firstKnown(uint32_t summary, unsigned task) const { return part(summary, task).first != 0; }
    std::span<const ObjectAccess> first(uint32_t summary, unsigned task) const
    {
        const uint32_t f = part(summary, task).first;
        return f == 0 ? std::span<const ObjectAccess>{}
                      : std::span<const ObjectAccess>{m_first.data() + m_firstOffsets[f - 1],
                                                      m_firstOffsets[f] - m_firstOffsets[f - 1]};
    }
    size_t size() const { return m_parts.size() / m_tasks; }
    size_t bytes() const;

private:
    // A summary is one part per task; parts repeat far more often than whole summaries do,
    // and so do a task's bitsets, so each is interned on its own.
    struct Part {
        uint32_t block;
        uint32_t first; // 0: unknown, else 1 + index of an interned list
        uint64_t leaders;
        bool operator==(const Part&) const = default;
    };
    struct Block {
        uint32_t offset;
        uint32_t words;
    };
    const Part& part(uint32_t summary, unsigned task) const { return m_parts[size_t(summary) * m_tasks + task]; }
    uint32_t internBlock(const uint64_t* reads, const uint64_t* writes, const uint64_t* disabled, unsigned words);
    uint32_t internFirst(const std::vector<ObjectAccess>& first);

    unsigned m_tasks;
    std::vector<Part> m_parts;
    absl::flat_hash_map<uint64_t, std::vector<uint32_t>> m_summariesByHash;
    std::vector<uint64_t> m_bits;
    std::vector<Block> m_blocks;
    absl::flat_hash_map<uint64_t, std::vector<uint32_t>> m_blocksByHash;
    std::vector<ObjectAccess> m_first;
    std::vector<uint32_t> m_firstOffsets{0};
    absl::flat_hash_map<uint64_t, std::vector<uint32_t>> m_firstByHash;
};

} // namespace racescope
