#include "memory/slab.h"

#include "memory/layout.h"

#include <stdexcept>

namespace racescope {

std::string_view allocatorName(AllocatorKind kind)
{
    switch (kind) {
    case AllocatorKind::Slub: return "slub";
    case AllocatorKind::SlubPoison: return "slub-poison";
    case AllocatorKind::Slab: return "slab";
    }
    return "slub";
}

std::optional<AllocatorKind> allocatorFromName(std::string_view name)
{
    if (name == "slub")
        return AllocatorKind::Slub;
    if (name == "slub-poison")
        return AllocatorKind::SlubPoison;
    if (name == "slab")
        return AllocatorKind::Slab;
    return std::nullopt;
}

namespace {
uint32_t roundUp8(uint32_t n) { return (n + 7u) & ~7u; }
} // namespace

void SlabAllocator::setup(Memory& memory, AllocatorKind kind, const std::vector<CacheSpec>& specs)
{
    m_kind = kind;
    m_caches.clear();
    m_shadow.clear();
    for (size_t i = 0; i < specs.size(); ++i) {
        const CacheSpec& spec = specs[i];
        if (spec.objectSize < 16 || spec.capacity == 0)
            throw std::invalid_argument("cache " + spec.name + " needs objects of 16+ bytes and a capacity");
        KmemCache c;
        c.name = spec.name;
        c.objectSize = spec.objectSize;
        c.capacity = spec.capacity;
        const uint32_t size = roundUp8(spec.objectSize);
        c.stride = kind == AllocatorKind::SlubPoison ? size + 8 : size;
        c.linkOffset = kind == AllocatorKind::SlubPoison ? size : 0;
        c.slabBase = layout::kSlabBase + i * layout::kSlabCacheSpacing;
        c.descriptor = layout::kKmemCacheBase + i * layout::kKmemCacheStride;
        memory.map(c.slabBase, uint64_t(c.stride) * c.capacity, "slab:" + c.name,
                   kind == AllocatorKind::SlubPoison ? layout::POISON_FREE : 0);
        if (kind == AllocatorKind::Slab) {
            c.freeArray = layout::kSlabManagementBase + i * layout::kSlabCacheSpacing;
            memory.map(c.freeArray, uint64_t(c.capacity) * 8, "slab-freelist:" + c.name);
            // LIFO stack: the first object is on top, so allocation order matches SLUB's.
            for (uint32_t k = 0; k < c.capacity; ++k)
                memory.write64(c.freeArray + 8ull * k, c.objectAddress(c.capacity - 1 - k));
            memory.write32(c.descriptor, c.capacity);
        } else {
            for (uint32_t k = 0; k < c.capacity; ++k) {
                const uint64_t next = k + 1 < c.capacity ? c.objectAddress(k + 1) : 0;
                memory.write64(c.objectAddress(k) + c.linkOffset, next);
                if (kind == AllocatorKind::SlubPoison)
                    memory.store(c.objectAddress(k) + size - 1, 1, layout::POISON_END);
            }
            memory.write64(c.descriptor, c.objectAddress(0));
        }
        m_caches.push_back(c);
        m_shadow.emplace_back(c.capacity);
    }
}

AccessFaultKind SlabAllocator::fillObject(Bus& bus, const KmemCache& c, uint64_t object, uint8_t byte,
                                          bool endMarker)
{
    const uint32_t size = roundUp8(c.objectSize);
    const uint64_t word = 0x0101010101010101ull * byte;
    for (uint32_t off = 0; off < size; off += 8) {
        uint64_t value = word;
        if (endMarker && off + 8 == size)
            value = (value & 0x00ffffffffffffffull) | (uint64_t(layout::POISON_END) << 56);
        if (AccessFaultKind f = bus.store(object + off, 8, value); f != AccessFaultKind::None)
            return f;
    }
    return AccessFaultKind::None;
}

namespace {
SlabResult faulted(AccessFaultKind kind, uint64_t address) { return SlabResult{0, kind, address}; }
} // namespace

SlabResult SlabAllocator::kmalloc(Bus& bus, uint16_t index, bool zero, uint16_t callSite)
{
    const KmemCache& c = m_caches.at(index);
    uint64_t object = 0;
    if (m_kind == AllocatorKind::Slab) {
        const uint64_t avail = bus.load(c.descriptor, 4).value;
        if (avail == 0)
            return {};
        if (avail > c.capacity) // a double free pushed past the array: SLAB's BUG_ON
            return faulted(AccessFaultKind::BadFree, c.freeArray + 8 * (avail - 1));
        object = bus.load(c.freeArray + 8 * (avail - 1), 8).value;
        bus.store(c.descriptor, 4, avail - 1);
    } else {
        object = bus.load(c.descriptor, 8).value;
        if (object == 0)
            return {};
        // get_freepointer(): the link is read out of the free object itself.
        LoadResult next = bus.load(object + c.linkOffset, 8);
        if (!next.ok())
            return faulted(next.fault, object + c.linkOffset);
        bus.store(c.descriptor, 8, next.value);
    }
    if (zero) {
        if (AccessFaultKind f = fillObject(bus, c, object, 0, false); f != AccessFaultKind::None)
            return faulted(f, object);
    }
    if (std::optional<ObjectRef> ref = objectAt(object)) {
        ObjectShadow& s = m_shadow[ref->cache][ref->index];
        s.state = ObjectState::Allocated;
        s.allocStep = bus.context.step;
        s.allocTask = bus.context.task;
        s.allocCpu = bus.context.cpu;
        s.allocSite = callSite ? callSite : bus.context.site;
        s.tag = 0;
        ++s.generation;
    }
    bus.record(RecordKind::Alloc, object, 0, c.objectSize, 0, index);
    return SlabResult{object, AccessFaultKind::None, 0};
}

SlabResult SlabAllocator::kfree(Bus& bus, uint64_t object, uint16_t callSite)
{
    std::optional<ObjectRef> ref = objectAt(object);
    if (!ref || ref->offset != 0) {
        // virt_to_head_page() of a pointer that is no slab object: unmapped, or kernel BUG.
        const AccessFaultKind kind = bus.memory().isMapped(object) ? AccessFaultKind::BadFree
                                                                   : classifyUnmapped(object);
        return faulted(kind, object);
    }
    const KmemCache& c = m_caches[ref->cache];
    if (m_kind == AllocatorKind::Slab) {
        const uint64_t avail = bus.load(c.descriptor, 4).value;
        if (avail >= c.capacity)
            return faulted(AccessFaultKind::BadFree, object);
        bus.store(c.freeArray + 8 * avail, 8, object);
        bus.store(c.descriptor, 4, avail + 1);
    } else {
        const uint64_t head = bus.load(c.descriptor, 8).value;
        if (m_kind == AllocatorKind::SlubPoison)
            fillObject(bus, c, object, layout::POISON_FREE, true);
        bus.store(object + c.linkOffset, 8, head);
        bus.store(c.descriptor, 8, object);
    }
    ObjectShadow& s = m_shadow[ref->cache][ref->index];
    s.state = ObjectState::Free;
    s.freeStep = bus.context.step;
    s.freeTask = bus.context.task;
    s.freeCpu = bus.context.cpu;
    s.freeSite = callSite ? callSite : bus.context.site;
    bus.record(RecordKind::Free, object, 0, 0, 0, ref->cache);
    return SlabResult{object, AccessFaultKind::None, 0};
}

std::optional<ObjectRef> SlabAllocator::objectAt(uint64_t address) const
{
    for (uint16_t i = 0; i < m_caches.size(); ++i) {
        const KmemCache& c = m_caches[i];
        if (address < c.slabBase)
            continue;
        const uint64_t delta = address - c.slabBase;
        const uint64_t index = delta / c.stride;
        if (index >= c.capacity)
            continue;
        return ObjectRef{i, static_cast<uint32_t>(index), c.objectAddress(static_cast<uint32_t>(index)),
                         delta % c.stride};
    }
    return std::nullopt;
}

void SlabAllocator::setTag(uint64_t object, uint32_t tag)
{
    if (std::optional<ObjectRef> ref = objectAt(object))
        m_shadow[ref->cache][ref->index].tag = tag;
}

uint32_t SlabAllocator::freeCount(uint16_t index) const
{
    uint32_t n = 0;
    for (const ObjectShadow& s : m_shadow.at(index))
        n += s.state == ObjectState::Free;
    return n;
}

} // namespace racescope
