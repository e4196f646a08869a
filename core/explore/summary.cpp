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
        const unsigned words = table.words(*target);
        grow(words);
        for (unsigned t = 0; t < m_tasks; ++t) {
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
    // kEmpty: no steps, and no task moves (its first step is unknown).
    m_offsets.push_back(0);
    m_pool.push_back(0); // words
    for (unsigned t = 0; t < tasks; ++t)
        m_pool.push_back(~uint64_t(0));
    for (unsigned t = 0; t < tasks; ++t)
        m_pool.push_back(0);
}

bool SummaryTable::firstKnown(uint32_t summary, unsigned task) const
{
    return firstWord(summary, task) >> 63;
}

std::span<const ObjectAccess> SummaryTable::first(uint32_t summary, unsigned task) const
{
    const uint64_t w = firstWord(summary, task);
    return {m_first.data() + (w & ((uint64_t(1) << 40) - 1)), static_cast<size_t>((w >> 40) & 0x7fffff)};
}

uint32_t SummaryTable::intern(const SummaryBuilder& builder)
{
    // Trailing zero words are cut, so that equal summaries built at different times are equal.
    unsigned words = 0;
    for (unsigned b = 0; b < 3 * m_tasks; ++b) {
        for (unsigned w = builder.m_words; w > words; --w) {
            if (builder.m_bits[b * builder.m_words + w - 1] != 0) {
                words = w;
                break;
            }
        }
    }
    uint64_t h = words;
    for (unsigned b = 0; b < 3 * m_tasks; ++b) {
        for (unsigned w = 0; w < words; ++w)
            h = mix(h, builder.m_bits[b * builder.m_words + w]);
    }
    for (unsigned t = 0; t < m_tasks; ++t) {
        h = mix(h, builder.m_leaders[t]);
        h = mix(h, builder.m_firstKnown[t]);
        for (const ObjectAccess& a : builder.m_first[t])
            h = mix(h, uint64_t(a.object) << 1 | a.write);
        h = mix(h, builder.m_first[t].size());
    }
    auto equal = [&](uint32_t id) {
        if (this->words(id) != words)
            return false;
        for (unsigned b = 0; b < 3 * m_tasks; ++b) {
            const uint64_t* mine = block(id, b / 3, static_cast<Kind>(b % 3));
            if (!std::equal(mine, mine + words, builder.m_bits.begin() + b * builder.m_words))
                return false;
        }
        for (unsigned t = 0; t < m_tasks; ++t) {
            if (leaders(id, t) != builder.m_leaders[t] || firstKnown(id, t) != bool(builder.m_firstKnown[t]))
                return false;
            const std::span<const ObjectAccess> f = first(id, t);
            if (!std::equal(f.begin(), f.end(), builder.m_first[t].begin(), builder.m_first[t].end()))
                return false;
        }
        return true;
    };
    std::vector<uint32_t>& same = m_byHash[h];
    for (uint32_t id : same) {
        if (equal(id))
            return id;
    }
    const uint32_t id = static_cast<uint32_t>(m_offsets.size());
    m_offsets.push_back(m_pool.size());
    m_pool.push_back(words);
    for (unsigned b = 0; b < 3 * m_tasks; ++b)
        m_pool.insert(m_pool.end(), builder.m_bits.begin() + b * builder.m_words,
                      builder.m_bits.begin() + b * builder.m_words + words);
    m_pool.insert(m_pool.end(), builder.m_leaders.begin(), builder.m_leaders.end());
    for (unsigned t = 0; t < m_tasks; ++t) {
        const std::vector<ObjectAccess>& f = builder.m_first[t];
        m_pool.push_back(uint64_t(builder.m_firstKnown[t]) << 63 | uint64_t(f.size()) << 40 | m_first.size());
        m_first.insert(m_first.end(), f.begin(), f.end());
    }
    same.push_back(id);
    return id;
}

} // namespace racescope
