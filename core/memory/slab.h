#pragma once
// The kernel's object allocator, in the three flavours that decide what a freed
// struct fsnotify_group looks like to a late reader:
//  - SLUB: the freelist link lives in the free object's first word, i.e. exactly where
//    group_list.next sits. A freed group's ->next is the next free object, or NULL.
//  - SLUB with poisoning (slub_debug=P): the object is filled with 0x6b (last byte 0xa5)
//    and the link moves after the object; a late reader loads 0x6b6b6b6b6b6b6b6b.
//  - SLAB: the freelist is an array outside the objects; freed memory is left untouched.
// Free objects form a LIFO list; kmalloc leaves old bytes in place, kzalloc clears them.
//
// Concurrency: kmalloc and kfree each run as one step, as the real allocators run with
// interrupts off on their CPU; they are never interleaved with another CPU's allocation.

#include "memory/bus.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace racescope {

enum class AllocatorKind : uint8_t { Slub, SlubPoison, Slab };

std::string_view allocatorName(AllocatorKind kind);
std::optional<AllocatorKind> allocatorFromName(std::string_view name);

struct CacheSpec {
    std::string name;
    uint32_t objectSize = 0;
    uint32_t capacity = 0; // objects; the cache never grows, so exhausting it is an OOM
};

struct KmemCache {
    std::string name;
    uint32_t objectSize = 0;
    uint32_t stride = 0;     // distance between objects in the slab
    uint32_t capacity = 0;
    uint32_t linkOffset = 0; // where SLUB keeps the freelist link inside a free slot
    uint64_t slabBase = 0;
    uint64_t descriptor = 0; // SLUB: freelist head; SLAB: number of free entries
    uint64_t freeArray = 0;  // SLAB only: the off-object stack of free objects

    uint64_t objectAddress(uint32_t index) const { return slabBase + uint64_t(index) * stride; }
};

enum class ObjectState : uint8_t { Free, Allocated };

// What KASAN would keep in shadow memory: who allocated and freed each object, when.
struct ObjectShadow {
    ObjectState state = ObjectState::Free;
    uint8_t allocTask = kNoTask;
    uint8_t freeTask = kNoTask;
    uint8_t allocCpu = 0;
    uint8_t freeCpu = 0;
    uint16_t allocSite = 0;
    uint16_t freeSite = 0;
    uint32_t tag = 0; // what the object was last used for, e.g. the group_num of a group
    uint32_t generation = 0; // bumped on every allocation: tells reuse apart from the original
    uint64_t allocStep = 0;
    uint64_t freeStep = 0;

    bool operator==(const ObjectShadow&) const = default;
};

// The outcome of kmalloc or kfree. A corrupted freelist or a bogus pointer makes the
// allocator itself fault, as SLUB does when it follows a scribbled freelist link.
struct SlabResult {
    uint64_t object = 0; // kmalloc: the object, or 0 when the cache is exhausted
    AccessFaultKind fault = AccessFaultKind::None;
    uint64_t faultAddress = 0;
    bool ok() const { return fault == AccessFaultKind::None; }
};

struct ObjectRef {
    uint16_t cache = 0;
    uint32_t index = 0;
    uint64_t base = 0;
    uint64_t offset = 0; // of the queried address within the object
};

class SlabAllocator {
public:
    // Maps each cache's slab and descriptor and threads every object onto the freelist, first
    // object at the head. Fresh objects are zero, or poison under slub-poison.
    void setup(Memory& memory, AllocatorKind kind, const std::vector<CacheSpec>& caches);

    // object == 0 when the cache is exhausted (the kernel's -ENOMEM path).
    // callSite is the caller's site, kept in the shadow as KASAN keeps a stack.
    SlabResult kmalloc(Bus& bus, uint16_t cache, bool zero, uint16_t callSite = 0);
    SlabResult kfree(Bus& bus, uint64_t object, uint16_t callSite = 0);

    AllocatorKind kind() const { return m_kind; }
    const KmemCache& cache(uint16_t index) const { return m_caches[index]; }
    size_t cacheCount() const { return m_caches.size(); }
    std::optional<ObjectRef> objectAt(uint64_t address) const;
    const ObjectShadow& shadow(const ObjectRef& ref) const { return m_shadow[ref.cache][ref.index]; }
    void setTag(uint64_t object, uint32_t tag);
    uint32_t freeCount(uint16_t cache) const;

    // What kmalloc and kfree change outside memory, so that a search can take steps back:
    // the shadows. Objects, freelist links and descriptors are memory and undone with it.
    using Shadows = std::vector<std::vector<ObjectShadow>>;
    const Shadows& shadows() const { return m_shadow; }
    void restoreShadows(const Shadows& saved) { m_shadow = saved; }

    bool operator==(const SlabAllocator&) const = default;

private:
    AccessFaultKind fillObject(Bus& bus, const KmemCache& c, uint64_t object, uint8_t byte, bool endMarker);

    AllocatorKind m_kind = AllocatorKind::Slub;
    std::vector<KmemCache> m_caches;
    std::vector<std::vector<ObjectShadow>> m_shadow;
};

} // namespace racescope
