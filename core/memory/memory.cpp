#include "memory/memory.h"

#include <cstring>
#include <stdexcept>

namespace racescope {

void Memory::map(uint64_t base, uint64_t size, std::string name, uint8_t fill)
{
    for (const Region& r : m_regions) {
        if (base < r.end() && r.base < base + size)
            throw std::logic_error("memory region " + name + " overlaps " + r.name);
    }
    Region region;
    region.base = base;
    region.name = std::move(name);
    region.bytes.assign(size, fill);
    m_regions.push_back(std::move(region));
}

const Region* Memory::find(uint64_t address, unsigned size) const
{
    for (const Region& r : m_regions) {
        if (r.contains(address, size))
            return &r;
    }
    return nullptr;
}

Region* Memory::find(uint64_t address, unsigned size)
{
    return const_cast<Region*>(static_cast<const Memory*>(this)->find(address, size));
}

LoadResult Memory::load(uint64_t address, unsigned size) const
{
    const Region* r = find(address, size);
    if (!r)
        return {0, classifyUnmapped(address)};
    uint64_t value = 0;
    std::memcpy(&value, r->bytes.data() + (address - r->base), size);
    return {value, AccessFaultKind::None};
}

AccessFaultKind Memory::store(uint64_t address, unsigned size, uint64_t value, uint64_t* previous)
{
    Region* r = find(address, size);
    if (!r)
        return classifyUnmapped(address);
    uint8_t* p = r->bytes.data() + (address - r->base);
    if (previous) {
        *previous = 0;
        std::memcpy(previous, p, size);
    }
    std::memcpy(p, &value, size);
    return AccessFaultKind::None;
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
