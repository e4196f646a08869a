#pragma once
// The simulated kernel's memory: a sparse 64-bit address space made of a few mapped regions
// of plain bytes. It knows nothing of objects, so a freed and reused block keeps whatever
// was last written into it; a use-after-free reads real stale bytes.
//
// Concurrency: none. The machine applies one step at a time; "concurrent" CPUs are steps
// interleaved by the scheduler. Values are little-endian, as on x86-64.

#include "memory/access_fault.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace racescope {

struct Region {
    uint64_t base = 0;
    std::string name;
    std::vector<uint8_t> bytes;

    uint64_t end() const { return base + bytes.size(); }
    bool operator==(const Region&) const = default;
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
    Memory() = default;
    // A copy's windows point at its own bytes.
    Memory(const Memory& other) : Memory() { *this = other; }
    Memory& operator=(const Memory& other);
    Memory(Memory&&) = default; // a moved vector keeps its buffer: the windows stay valid
    Memory& operator=(Memory&&) = default;

    // Maps [base, base+size) filled with `fill`. Regions must not overlap; base and size are
    // multiples of 8 (the content hash works on aligned words).
    void map(uint64_t base, uint64_t size, std::string name, uint8_t fill = 0);

    // size is 1, 2, 4 or 8 bytes.
    [[gnu::always_inline]] LoadResult load(uint64_t address, unsigned size) const
    {
        const int i = indexOf(address, size);
        if (i < 0)
            return {0, classifyUnmapped(address)};
        return {readBytes(bytesAt(i, address), size), AccessFaultKind::None};
    }

    // The common case of load(), inline: true, with the value, when the address lies in the
    // region its slot names. False otherwise, and then load() tells what happened.
    [[gnu::always_inline]] bool tryLoad(uint64_t address, unsigned size, uint64_t& out) const
    {
        const uint8_t* p = fastBytes(address);
        if (!p) [[unlikely]]
            return false;
        out = readBytes(p, size);
        return true;
    }
    // Likewise for store() while no content hash is kept.
    [[gnu::always_inline]] bool tryStore(uint64_t address, unsigned size, uint64_t value)
    {
        uint8_t* p = m_hashKept ? nullptr : fastBytes(address);
        if (!p) [[unlikely]]
            return false;
        writeBytes(p, size, value);
        return true;
    }

    // Returns the fault, or None; on success `previous` receives the overwritten value.
    [[gnu::always_inline]] AccessFaultKind store(uint64_t address, unsigned size, uint64_t value,
                                                 uint64_t* previous = nullptr)
    {
        const int i = indexOf(address, size);
        if (i < 0)
            return classifyUnmapped(address);
        uint8_t* const bytes = m_windows[i].data;
        const uint64_t offset = address - m_windows[i].base;
        uint8_t* p = bytes + offset;
        if (previous)
            *previous = readBytes(p, size);
        if (!m_hashKept) {
            writeBytes(p, size, value);
            return AccessFaultKind::None;
        }
        // The content hash covers aligned words; a store touches one, or two if it straddles.
        const uint64_t first = offset & ~uint64_t(7);
        const uint64_t last = (offset + size - 1) & ~uint64_t(7);
        m_contentHash -= wordHash(m_windows[i].base + first, readBytes(bytes + first, 8));
        if (last != first)
            m_contentHash -= wordHash(m_windows[i].base + last, readBytes(bytes + last, 8));
        writeBytes(p, size, value);
        m_contentHash += wordHash(m_windows[i].base + first, readBytes(bytes + first, 8));
        if (last != first)
            m_contentHash += wordHash(m_windows[i].base + last, readBytes(bytes + last, 8));
        return AccessFaultKind::None;
    }

    // A digest of every mapped byte and its address, so that the exhaustive search can tell
    // states apart without reading all of memory: the sum of a strong hash of each aligned
    // word with its address (a multiset hash, updated in O(1) by each store).
    // It is computed on the first call, and only from then on do stores keep it current (a
    // copy of the memory inherits both): runs that never ask for it, such as every random
    // run, skip about 30 instructions a store. Like any first use, that first call writes:
    // one Memory must not be hashed from two threads at once.
    uint64_t contentHash() const
    {
        if (!m_hashKept) [[unlikely]]
            startContentHash();
        return m_contentHash;
    }

    bool isMapped(uint64_t address, unsigned size = 1) const { return find(address, size) != nullptr; }
    const Region* regionAt(uint64_t address) const { return find(address, 1); }
    const std::vector<Region>& regions() const { return m_regions; }

    // Convenience for set-up code and tests: the access must be mapped.
    uint64_t read64(uint64_t address) const;
    uint32_t read32(uint64_t address) const;
    void write64(uint64_t address, uint64_t value);
    void write32(uint64_t address, uint32_t value);

    bool operator==(const Memory& other) const
    {
        return m_regions == other.m_regions && m_contentHash == other.m_contentHash && m_hashKept == other.m_hashKept;
    }

private:
    // Fixed-size copies compile to single moves; a memcpy with a run-time size is a call.
    [[gnu::always_inline]] static uint64_t readBytes(const uint8_t* p, unsigned size)
    {
        switch (size) {
        case 8: { uint64_t v; std::memcpy(&v, p, 8); return v; }
        case 4: { uint32_t v; std::memcpy(&v, p, 4); return v; }
        case 2: { uint16_t v; std::memcpy(&v, p, 2); return v; }
        default: return *p;
        }
    }
    [[gnu::always_inline]] static void writeBytes(uint8_t* p, unsigned size, uint64_t value)
    {
        switch (size) {
        case 8: std::memcpy(p, &value, 8); break;
        case 4: { const uint32_t v = static_cast<uint32_t>(value); std::memcpy(p, &v, 4); break; }
        case 2: { const uint16_t v = static_cast<uint16_t>(value); std::memcpy(p, &v, 2); break; }
        default: *p = static_cast<uint8_t>(value); break;
        }
    }

    // Index of the region holding [address, address+size), or -1. Scans compact arrays of
    // bounds rather than the regions themselves: this runs for every simulated access.
    [[gnu::always_inline]] int indexOf(uint64_t address, unsigned size) const
    {
        const int slot = slotHolding(address, size);
        if (slot >= 0) [[likely]]
            return slot;
        return indexOfRare(m_slots[(address >> 20) & 0xff], address, size);
    }
    // The region the address's slot names, if it holds the access; else -1. Regions sit in
    // different megabytes of the address space, so bits 20..27 nearly always name the one
    // region an address can be in; a slot shared by several falls back to indexOfRare's scan.
    [[gnu::always_inline]] int slotHolding(uint64_t address, unsigned size) const
    {
        const int8_t slot = m_slots[(address >> 20) & 0xff];
        return slot >= 0 && fits(slot, address, size) ? slot : -1;
    }
    // The bytes at `address` when an access of up to 8 bytes there certainly lies in the
    // region its slot names, else null (and the caller takes the exact path). One compare,
    // against the offsets where 8 bytes fit: an access of fewer bytes in a region's last 7
    // takes the exact path too.
    [[gnu::always_inline]] uint8_t* fastBytes(uint64_t address) const
    {
        const int8_t slot = m_slots[(address >> 20) & 0xff];
        if (slot < 0) [[unlikely]]
            return nullptr;
        const Window& w = m_windows[static_cast<size_t>(slot)];
        const uint64_t offset = address - w.base;
        return offset < w.fullWordStarts ? w.data + offset : nullptr;
    }
    [[gnu::always_inline]] const uint8_t* bytesAt(int i, uint64_t address) const
    {
        return m_windows[i].data + (address - m_windows[i].base);
    }
    [[gnu::always_inline]] uint8_t* bytesAt(int i, uint64_t address)
    {
        return m_windows[i].data + (address - m_windows[i].base);
    }
    // The rest of indexOf(), out of line: inlined, it spread every access's code over more
    // cache lines than the access itself needs.
    [[gnu::noinline]] int indexOfRare(int8_t slot, uint64_t address, unsigned size) const
    {
        if (slot != kSeveralRegions)
            return -1;
        for (size_t i = 0; i < m_windows.size(); ++i) {
            if (fits(static_cast<int>(i), address, size))
                return static_cast<int>(i);
        }
        return -1;
    }
    [[gnu::always_inline]] bool fits(int i, uint64_t address, unsigned size) const
    {
        const uint64_t offset = address - m_windows[i].base;
        return offset < m_windows[i].size && offset + size <= m_windows[i].size;
    }
    static constexpr int8_t kNoRegion = -1;
    static constexpr int8_t kSeveralRegions = -2;
    std::array<int8_t, 256> m_slots = makeEmptySlots();
    static constexpr std::array<int8_t, 256> makeEmptySlots()
    {
        std::array<int8_t, 256> table{};
        table.fill(kNoRegion);
        return table;
    }
    const Region* find(uint64_t address, unsigned size) const;
    Region* find(uint64_t address, unsigned size);

    static uint64_t mix(uint64_t x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdull;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53ull;
        x ^= x >> 33;
        return x;
    }
    static uint64_t wordHash(uint64_t wordAddress, uint64_t word) { return mix(word ^ mix(wordAddress)); }

    // Where each region's bytes are, for the access path: its bounds and a pointer to its
    // bytes, in one place instead of behind the region's own vector.
    struct Window {
        uint64_t base = 0;
        uint64_t size = 0;
        uint64_t fullWordStarts = 0; // offsets at which 8 bytes fit: size - 7, or 0
        uint8_t* data = nullptr;
    };
    void relinkWindows();

    std::vector<Region> m_regions;
    std::vector<Window> m_windows; // parallel to m_regions
    void startContentHash() const;
    mutable uint64_t m_contentHash = 0;
    mutable bool m_hashKept = false; // whether m_contentHash is current
};

} // namespace racescope
