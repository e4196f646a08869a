#pragma once
// The simulated kernel's memory: a sparse 64-bit address space made of a few mapped regions
// of plain bytes. It knows nothing of objects, so a freed and reused block keeps whatever
// was last written into it; a use-after-free reads real stale bytes.
//
// Concurrency: none. The machine applies one step at a time; "concurrent" CPUs are steps
// interleaved by the scheduler. Values are little-endian, as on x86-64.

#include "memory/access_fault.h"

#include <cstdint>
#include <string>
#include <vector>

namespace racescope {

struct Region {
    uint64_t base = 0;
    std::string name;
    std::vector<uint8_t> bytes;

    uint64_t end() const { return base + bytes.size(); }
    bool contains(uint64_t address, unsigned size) const
    {
        return address >= base && address - base + size <= bytes.size();
    }
};

struct LoadResult {
    uint64_t value = 0;
    AccessFaultKind fault = AccessFaultKind::None;
    bool ok() const { return fault == AccessFaultKind::None; }
};

class Memory {
public:
    // Maps [base, base+size) filled with `fill`. Regions must not overlap.
    void map(uint64_t base, uint64_t size, std::string name, uint8_t fill = 0);

    // size is 1, 2, 4 or 8 bytes.
    LoadResult load(uint64_t address, unsigned size) const;
    // Returns the fault, or None; on success `previous` receives the overwritten value.
    AccessFaultKind store(uint64_t address, unsigned size, uint64_t value, uint64_t* previous = nullptr);

    bool isMapped(uint64_t address, unsigned size = 1) const { return find(address, size) != nullptr; }
    const Region* regionAt(uint64_t address) const { return find(address, 1); }
    const std::vector<Region>& regions() const { return m_regions; }

    // Convenience for set-up code and tests: the access must be mapped.
    uint64_t read64(uint64_t address) const;
    uint32_t read32(uint64_t address) const;
    void write64(uint64_t address, uint64_t value);
    void write32(uint64_t address, uint32_t value);

    bool operator==(const Memory&) const = default;

private:
    const Region* find(uint64_t address, unsigned size) const;
    Region* find(uint64_t address, unsigned size);

    std::vector<Region> m_regions;
};

} // namespace racescope
