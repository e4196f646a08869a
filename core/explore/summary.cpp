#include "explore/summary.h"

#include <algorithm>

namespace racescope {

namespace {
uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

// Objects in both, written only if written in both: what every one of two steps surely does.
std::vector<ObjectAccess> intersect(std::span<const ObjectAccess> a, std::span<const ObjectAccess> b)
{
    std::vector<ObjectAccess> out;
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (i->object < j->object) {
            ++i;
        } else if (j->object < i->object) {
            ++j;
        } else {
            out.push_back({i->object, i->write && j->write});
            ++i;
            ++j;
        }
    }
    return out;
}
} // namespace

bool conflicts(std::span<const ObjectAccess> a, std::span<const ObjectAccess> b)
{
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (i->object < j->object) {
            ++i;
        } else if (j->object < i->object) {
            ++j;
        } else {
            if (i->write || j->write)
                return true;
            ++i;
            ++j;
        }
    }
    return false;
}

uint32_t FootprintTable::intern(const Footprint& footprint, ObjectIds& ids)
{
    std::vector<ObjectAccess> accesses;
    accesses.reserve(footprint.accesses().size());
    for (const Access& a : footprint.accesses())
        accesses.push_back({ids.id(a.key), a.write});
    // Sorted by object id, so that footprints can be intersected and compared by merging.
    std::sort(accesses.begin(), accesses.end(),
              [](const ObjectAccess& a, const ObjectAccess& b) { return a.object < b.object; });
    uint64_t h = accesses.size();
    for (const ObjectAccess& a : accesses)
        h = mix(h, uint64_t(a.object) << 1 | a.write);
    std::vector<uint32_t>& same = m_byHash[h];
    for (uint32_t id : same) {
        const std::span<const ObjectAccess> existing = get(id);
        if (std::equal(existing.begin(), existing.end(), accesses.begin(), accesses.end()))
            return id;
    }
    const uint32_t id = static_cast<uint32_t>(m_offsets.size() - 1);
    m_pool.insert(m_pool.end(), accesses.begin(), accesses.end());
    m_offsets.push_back(static_cast<uint32_t>(m_pool.size()));
    same.push_back(id);
    return id;
}

SummaryBuilder::SummaryBuilder(unsigned tasks) : m_tasks(tasks), m_first(tasks)
{
    clear();
}

void SummaryBuilder::clear()
{
    std::fill(m_bits.begin(), m_bits.end(), 0);
    m_leaders.assign(m_tasks, ~uint64_t(0));
    m_firstKnown.assign(m_tasks, 0);
    for (auto& f : m_first)
        f.clear();
}

void SummaryBuilder::grow(unsigned words)
{
    if (words <= m_words)
        return;
    std::vector<uint64_t> bits(size_t(3) * m_tasks * words, 0);
    for (unsigned b = 0; b < 3 * m_tasks; ++b)
        std::copy_n(m_bits.begin() + b * m_words, m_words, bits.begin() + b * words);
    m_bits = std::move(bits);
    m_words = words;
}

void SummaryBuilder::addDisabled(unsigned task, std::span<const ObjectAccess> footprint)
{
    for (const ObjectAccess& a : footprint) {
        grow(a.object / 64 + 1);
        block(task, SummaryTable::DisabledReads)[a.object / 64] |= uint64_t(1) << (a.object % 64);
    }
}

void SummaryBuilder::addStep(unsigned task, std::span<const ObjectAccess> footprint, const SummaryTable& table,
                             const uint32_t* target)
{
    for (const ObjectAccess& a : footprint) {
        grow(a.object / 64 + 1);
        block(task, a.write ? SummaryTable::Writes : SummaryTable::Reads)[a.object / 64] |= uint64_t(1)
                                                                                          << (a.object % 64);
    }
    if (target) {
        for (unsigned t = 0; t < m_tasks; ++t) {
            const unsigned words = table.words(*target, t);
            grow(words);
            for (unsigned k = 0; k < 3; ++k) {
                const uint64_t* from = table.block(*target, t, static_cast<SummaryTable::Kind>(k));
                uint64_t* to = block(t, k);
                for (unsigned w = 0; w < words; ++w)
                    to[w] |= from[w];
            }
        }
    }
    // Orders, task by task: along this step, who surely goes before the task's first step?
    for (unsigned p = 0; p < m_tasks; ++p) {
        uint64_t leaders = 0;
        std::span<const ObjectAccess> first;
        if (p == task) {
            first = footprint; // this step is its first: nobody before it
        } else if (!target || !table.firstKnown(*target, p)) {
            continue; // it does not move on this path: no constraint
        } else {
            first = table.first(*target, p);
            leaders = table.leaders(*target, p);
            // This step goes before the task's first step if its task does later, or if it
            // conflicts with what that first step surely accesses.
            if ((leaders & (uint64_t(1) << task)) || conflicts(footprint, first))
                leaders |= uint64_t(1) << task;
        }
        m_leaders[p] &= leaders;
        if (!m_firstKnown[p]) {
            m_first[p].assign(first.begin(), first.end());
            m_firstKnown[p] = 1;
        } else {
            m_scratch = intersect(m_first[p], first);
            m_first[p].swap(m_scratch);
        }
    }
}

void SummaryBuilder::forgetOrder()
{
    for (unsigned p = 0; p < m_tasks; ++p) {
        m_leaders[p] = 0;
        m_firstKnown[p] = 1;
        m_first[p].clear();
    }
}

SummaryTable::SummaryTable(unsigned tasks) : m_tasks(tasks)
{
    // Block 0: no objects. Summary kEmpty: no steps, and no task moves.
    m_blocks.push_back({0, 0});
    m_parts.assign(tasks, Part{0, 0, ~uint64_t(0)});
}

size_t SummaryTable::bytes() const
{
    return m_parts.size() * sizeof(Part) + m_bits.size() * sizeof(uint64_t) + m_blocks.size() * sizeof(Block) +
           m_first.size() * sizeof(ObjectAccess);
}

uint32_t SummaryTable::internBlock(const uint64_t* reads, const uint64_t* writes, const uint64_t* disabled,
                                   unsigned width)
{
    // Trailing zero words are cut, so that equal sets built at different times are equal.
    unsigned words = 0;
    for (const uint64_t* bits : {reads, writes, disabled}) {
        for (unsigned w = width; w > words; --w) {
            if (bits[w - 1] != 0) {
                words = w;
                break;
            }
        }
    }
    if (words == 0)
        return 0;
    uint64_t h = words;
    for (const uint64_t* bits : {reads, writes, disabled}) {
        for (unsigned w = 0; w < words; ++w)
            h = mix(h, bits[w]);
    }
    std::vector<uint32_t>& same = m_blocksByHash[h];
    for (uint32_t id : same) {
        const Block& b = m_blocks[id];
        const uint64_t* mine = m_bits.data() + b.offset;
        if (b.words == words && std::equal(reads, reads + words, mine) &&
            std::equal(writes, writes + words, mine + words) && std::equal(disabled, disabled + words, mine + 2 * words))
            return id;
    }
    const uint32_t id = static_cast<uint32_t>(m_blocks.size());
    m_blocks.push_back({static_cast<uint32_t>(m_bits.size()), words});
    for (const uint64_t* bits : {reads, writes, disabled})
        m_bits.insert(m_bits.end(), bits, bits + words);
    same.push_back(id);
    return id;
}

uint32_t SummaryTable::internFirst(const std::vector<ObjectAccess>& first)
{
    uint64_t h = first.size();
    for (const ObjectAccess& a : first)
        h = mix(h, uint64_t(a.object) << 1 | a.write);
    std::vector<uint32_t>& same = m_firstByHash[h];
    for (uint32_t id : same) {
        const auto begin = m_first.begin() + m_firstOffsets[id];
        const auto end = m_first.begin() + m_firstOffsets[id + 1];
        if (std::equal(begin, end, first.begin(), first.end()))
            return id + 1;
    }
    const uint32_t id = static_cast<uint32_t>(m_firstOffsets.size() - 1);
    m_first.insert(m_first.end(), first.begin(), first.end());
    m_firstOffsets.push_back(static_cast<uint32_t>(m_first.size()));
    same.push_back(id);
    return id + 1;
}

uint32_t SummaryTable::intern(const SummaryBuilder& b)
{
    std::vector<Part> parts(m_tasks);
    uint64_t h = 0;
    for (unsigned t = 0; t < m_tasks; ++t) {
        const uint64_t* bits = b.m_bits.data() + size_t(3) * t * b.m_words;
        parts[t].block = internBlock(bits, bits + b.m_words, bits + 2 * b.m_words, b.m_words);
        parts[t].first = b.m_firstKnown[t] ? internFirst(b.m_first[t]) : 0;
        parts[t].leaders = b.m_leaders[t];
        h = mix(mix(mix(h, parts[t].block), parts[t].first), parts[t].leaders);
    }
    std::vector<uint32_t>& same = m_summariesByHash[h];
    for (uint32_t id : same) {
        if (std::equal(parts.begin(), parts.end(), m_parts.begin() + size_t(id) * m_tasks))
            return id;
    }
    const uint32_t id = static_cast<uint32_t>(size());
    m_parts.insert(m_parts.end(), parts.begin(), parts.end());
    same.push_back(id);
    return id;
}

} // namespace racescope
