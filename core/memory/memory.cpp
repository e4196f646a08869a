#include "memory/memory.h"

#include <stdexcept>

namespace racescope {

void Memory::map(uint64_t base, uint64_t size, std::string name, uint8_t fill)
{
    if (base % 8 != 0 || size % 8 != 0)
        throw std::logic_error("memory region " + name + " is not 8-byte aligned");
    for (const Region& r : m_regions) {
        if (base < r.end() && r.base < base + size)
            throw std::logic_error("memory region " + name + " overlaps " + r.name);
    }
    Region region;
    region.base = base;
    region.name = std::move(name);
    region.bytes.assign(size, fill);
    m_regions.push_back(std::move(region));
    m_windows.push_back({base, size, size >= 8 ? size - 7 : 0, nullptr});
    relinkWindows();
    if (m_hashKept) {
        const uint64_t fillWord = 0x0101010101010101ull * fill;
        for (uint64_t offset = 0; offset < size; offset += 8)
            m_contentHash += wordHash(base + offset, fillWord);
    }
    if (m_regions.size() > 127)
        throw std::logic_error("too many memory regions");
    const int8_t index = static_cast<int8_t>(m_regions.size() - 1);
    const uint64_t last = size ? base + size - 1 : base;
    for (uint64_t mb = base >> 20; mb <= last >> 20; ++mb) {
        int8_t& slot = m_slots[mb & 0xff];
        slot = slot == kNoRegion ? index : kSeveralRegions;
        if (mb - (base >> 20) >= 0xff) { // a region of 256 MB or more touches every slot
            for (int8_t& other : m_slots)
                other = other == kNoRegion ? index : kSeveralRegions;
            break;
        }
    }
}

Memory& Memory::operator=(const Memory& other)
{
    if (this == &other)
        return *this;
    m_slots = other.m_slots;
    m_regions = other.m_regions;
    m_windows = other.m_windows;
    m_contentHash = other.m_contentHash;
    m_hashKept = other.m_hashKept;
    relinkWindows();
    return *this;
}

void Memory::relinkWindows()
{
    for (size_t i = 0; i < m_regions.size(); ++i)
        m_windows[i].data = m_regions[i].bytes.data();
}

void Memory::startContentHash() const
{
    uint64_t sum = 0;
    for (const Region& r : m_regions) {
        for (uint64_t offset = 0; offset < r.bytes.size(); offset += 8)
            sum += wordHash(r.base + offset, readBytes(r.bytes.data() + offset, 8));
    }
    m_contentHash = sum;
    m_hashKept = true;
}

const Region* Memory::find(uint64_t address, unsigned size) const
{
    const int i = indexOf(address, size);
    return i < 0 ? nullptr : &m_regions[i];
}

Region* Memory::find(uint64_t address, unsigned size)
{
    const int i = indexOf(address, size);
    return i < 0 ? nullptr : &m_regions[i];
}

uint64_t Memory::read64(uint64_t address) const
{
    LoadResult r = load(address, 8);
    if (!r.ok())
        throw std::logic_error("read64 of unmapped address");
    return r.value;
}

uint32_t Memory::read32(uint64_t address) const
{
    LoadResult r = load(address, 4);
    if (!r.ok())
        throw std::logic_error("read32 of unmapped address");
    return static_cast<uint32_t>(r.value);
}

void Memory::write64(uint64_t address, uint64_t value)
{
    if (store(address, 8, value) != AccessFaultKind::None)
        throw std::logic_error("write64 to unmapped address");
}

void Memory::write32(uint64_t address, uint32_t value)
{
    if (store(address, 4, value) != AccessFaultKind::None)
        throw std::logic_error("write32 to unmapped address");
}

} // namespace racescope
