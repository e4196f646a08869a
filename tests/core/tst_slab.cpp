#include "memory/layout.h"
#include "memory/slab.h"

#include <QTest>

namespace racescope {

namespace {
struct Heap {
    Memory memory;
    SlabAllocator slab;
    Trace trace;
    Bus bus{memory, &trace};
    explicit Heap(AllocatorKind kind, uint32_t capacity = 4)
    {
        memory.map(layout::kDataBase, layout::kDataSize, ".data");
        slab.setup(memory, kind, {{"kmalloc-128", 128, capacity}});
    }
    const KmemCache& cache() const { return slab.cache(0); }
    uint64_t object(uint32_t i) const { return cache().objectAddress(i); }
    uint64_t alloc(bool zero = false) { return slab.kmalloc(bus, 0, zero).object; }
    void free(uint64_t object) { QVERIFY(slab.kfree(bus, object).ok()); }
    uint64_t word(uint64_t address) const { return memory.read64(address); }
};
} // namespace

class TestSlab : public QObject {
    Q_OBJECT
private slots:
    void slubThreadsTheFreelistThroughFirstWords()
    {
        Heap h(AllocatorKind::Slub, 3);
        QCOMPARE(h.word(h.cache().descriptor), h.object(0));
        QCOMPARE(h.word(h.object(0)), h.object(1));
        QCOMPARE(h.word(h.object(1)), h.object(2));
        QCOMPARE(h.word(h.object(2)), 0ull); // the last free object's link is NULL
    }

    void slubIsLifoAndKfreeWritesTheLinkIntoOffsetZero()
    {
        Heap h(AllocatorKind::Slub, 3);
        const uint64_t a = h.alloc();
        const uint64_t b = h.alloc();
        QCOMPARE(a, h.object(0));
        QCOMPARE(b, h.object(1));
        h.memory.write64(a, 0x1111); // a group's ->next, say
        h.free(a);
        // The freed object's first word now links to the previous head: object 2.
        QCOMPARE(h.word(a), h.object(2));
        h.free(b);
        QCOMPARE(h.word(b), a);
        QCOMPARE(h.alloc(), b); // last freed, first reused
        QCOMPARE(h.alloc(), a);
    }

    void lastFreeObjectLinksToNull()
    {
        Heap h(AllocatorKind::Slub, 2);
        const uint64_t a = h.alloc();
        const uint64_t b = h.alloc();
        QCOMPARE(h.word(h.cache().descriptor), 0ull);
        h.free(a); // onto an empty freelist: the seed's NULL ->next
        QCOMPARE(h.word(a), 0ull);
        Q_UNUSED(b);
    }

    void kmallocKeepsOldBytesAndKzallocClears()
    {
        Heap h(AllocatorKind::Slub, 2);
        const uint64_t a = h.alloc();
        h.memory.write32(a + 0x10, 0x200);
        h.free(a);
        const uint64_t again = h.alloc();
        QCOMPARE(again, a);
        QCOMPARE(h.memory.read32(a + 0x10), 0x200u); // stale mask survives kmalloc
        h.free(again);
        const uint64_t zeroed = h.alloc(true);
        QCOMPARE(h.memory.read32(zeroed + 0x10), 0u);
        QCOMPARE(h.word(zeroed), 0ull);
    }

    void exhaustedCacheReturnsNull()
    {
        Heap h(AllocatorKind::Slub, 1);
        QVERIFY(h.alloc() != 0);
        const SlabResult r = h.slab.kmalloc(h.bus, 0, false);
        QVERIFY(r.ok());
        QCOMPARE(r.object, 0ull);
    }

    void poisoningFillsTheObjectAndMovesTheLink()
    {
        Heap h(AllocatorKind::SlubPoison, 2);
        const KmemCache& c = h.cache();
        QCOMPARE(c.linkOffset, 128u);
        QCOMPARE(c.stride, 136u);
        const uint64_t a = h.alloc();
        h.memory.write64(a, 0xffff88012b8a0000);
        h.free(a);
        QCOMPARE(h.word(a), 0x6b6b6b6b6b6b6b6bull); // what a late reader's ->next load sees
        QCOMPARE(h.word(a + 0x10), 0x6b6b6b6b6b6b6b6bull);
        QCOMPARE(h.memory.load(a + 127, 1).value, 0xa5ull);
        QCOMPARE(h.word(a + c.linkOffset), h.object(1)); // the link lives after the object
        QCOMPARE(h.alloc(), a);
    }

    void slabLeavesFreedMemoryUntouched()
    {
        Heap h(AllocatorKind::Slab, 3);
        const uint64_t a = h.alloc();
        QCOMPARE(a, h.object(0));
        h.memory.write64(a, 0xffffffff817f74c0); // ->next back to the list head
        h.memory.write32(a + 0x10, 0x200);
        h.free(a);
        QCOMPARE(h.word(a), 0xffffffff817f74c0ull);
        QCOMPARE(h.memory.read32(a + 0x10), 0x200u);
        QCOMPARE(h.alloc(), a); // still LIFO
    }

    void shadowRecordsWhoAllocatedAndFreed()
    {
        Heap h(AllocatorKind::Slub, 2);
        h.bus.context.step = 7;
        h.bus.context.task = 3;
        const uint64_t a = h.alloc();
        h.bus.context.step = 9;
        h.bus.context.task = 4;
        h.free(a);
        const ObjectShadow& s = h.slab.shadow(*h.slab.objectAt(a + 0x10));
        QCOMPARE(s.state, ObjectState::Free);
        QCOMPARE(s.allocStep, 7ull);
        QCOMPARE(s.allocTask, uint8_t(3));
        QCOMPARE(s.freeStep, 9ull);
        QCOMPARE(s.freeTask, uint8_t(4));
        QCOMPARE(s.generation, 1u);
        QCOMPARE(h.slab.objectAt(a + 0x10)->offset, 0x10ull);
        QCOMPARE(h.slab.freeCount(0), 2u);
    }

    void allocAndFreeAreTraced()
    {
        Heap h(AllocatorKind::Slub, 2);
        const uint64_t a = h.alloc();
        h.free(a);
        int allocs = 0, frees = 0, stores = 0;
        for (const TraceRecord& r : h.trace.records()) {
            allocs += r.kind == RecordKind::Alloc;
            frees += r.kind == RecordKind::Free;
            stores += r.kind == RecordKind::Store && r.address == a;
        }
        QCOMPARE(allocs, 1);
        QCOMPARE(frees, 1);
        QCOMPARE(stores, 1); // kfree's link store into the object
    }

    void freeingSomethingThatIsNoObjectFaults()
    {
        Heap h(AllocatorKind::Slub, 2);
        QCOMPARE(h.slab.kfree(h.bus, 0).fault, AccessFaultKind::NullPointer);
        QCOMPARE(h.slab.kfree(h.bus, h.object(0) + 8).fault, AccessFaultKind::BadFree);
        QCOMPARE(h.slab.kfree(h.bus, layout::LIST_POISON1).fault, AccessFaultKind::PagingRequest);
    }

    void corruptedFreelistLinkFaultsInKmalloc()
    {
        Heap h(AllocatorKind::Slub, 2);
        h.memory.write64(h.object(0), 0x6b6b6b6b6b6b6b6b); // a scribble over the link
        QVERIFY(h.alloc() == h.object(0));
        const SlabResult r = h.slab.kmalloc(h.bus, 0, false);
        QCOMPARE(r.fault, AccessFaultKind::GeneralProtection);
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestSlab)
#include "tst_slab.moc"
