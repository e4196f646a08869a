#include "memory/layout.h"
#include "memory/memory.h"

#include <QTest>

#include <stdexcept>

namespace racescope {

class TestMemory : public QObject {
    Q_OBJECT
private slots:
    void loadsWhatWasStored()
    {
        Memory mem;
        mem.map(0xffff880000001000, 64, "r");
        QCOMPARE(mem.store(0xffff880000001008, 8, 0x1122334455667788), AccessFaultKind::None);
        QCOMPARE(mem.load(0xffff880000001008, 8).value, 0x1122334455667788ull);
        // Little-endian: the low half sits at the lower address.
        QCOMPARE(mem.load(0xffff880000001008, 4).value, 0x55667788ull);
        QCOMPARE(mem.load(0xffff88000000100c, 4).value, 0x11223344ull);
        QCOMPARE(mem.load(0xffff880000001008, 1).value, 0x88ull);
    }

    // The content hash follows the bytes, not the history: equal contents reached by other
    // stores hash equal, any changed byte changes it, and restoring a value restores it.
    void contentHashFollowsContents()
    {
        const auto fresh = [] {
            Memory mem;
            mem.map(0xffff880000001000, 64, "a");
            mem.map(0xffff880000200000, 32, "b", 0x6b);
            return mem;
        };
        Memory a = fresh();
        Memory b = fresh();
        const uint64_t initial = a.contentHash();
        QCOMPARE(b.contentHash(), initial);

        a.store(0xffff880000001008, 8, 0x1122334455667788);
        QVERIFY(a.contentHash() != initial);
        // The same bytes written as a straddling 4-byte store and four single bytes.
        b.store(0xffff88000000100c, 4, 0x11223344);
        for (unsigned i = 0; i < 4; ++i)
            b.store(0xffff880000001008 + i, 1, (0x55667788u >> (8 * i)) & 0xff);
        QCOMPARE(b.contentHash(), a.contentHash());

        b.store(0xffff880000001006, 4, 0xdeadbeef); // straddles two words
        QVERIFY(b.contentHash() != a.contentHash());
        b.store(0xffff880000001006, 4, 0x77880000); // the bytes that were there
        QCOMPARE(b.read64(0xffff880000001000), a.read64(0xffff880000001000));
        QCOMPARE(b.contentHash(), a.contentHash());

        // The same value at another address is another state.
        Memory c = fresh();
        c.store(0xffff880000001010, 8, 0x1122334455667788);
        QVERIFY(c.contentHash() != a.contentHash());
        // And the fill of a region counts: an all-0x6b word differs from zero.
        c = fresh();
        c.store(0xffff880000200000, 8, 0);
        QVERIFY(c.contentHash() != initial);
        c.store(0xffff880000200000, 8, 0x6b6b6b6b6b6b6b6b);
        QCOMPARE(c.contentHash(), initial);
    }

    // The hash is computed on first demand and kept from then on: stores made before it was
    // asked for, regions mapped after, and copies taken on either side all agree with a
    // memory that was hashed at every step.
    void contentHashOnDemand()
    {
        Memory kept;
        kept.map(0xffff880000001000, 64, "a");
        (void)kept.contentHash();
        kept.store(0xffff880000001008, 8, 0x1122334455667788);
        kept.store(0xffff880000001006, 4, 0xdeadbeef);
        kept.map(0xffff880000200000, 32, "b", 0x6b);
        kept.store(0xffff880000200010, 2, 0x4242);

        Memory lazy;
        lazy.map(0xffff880000001000, 64, "a");
        lazy.store(0xffff880000001008, 8, 0x1122334455667788);
        lazy.store(0xffff880000001006, 4, 0xdeadbeef);
        Memory copyBefore = lazy; // not hashed yet
        lazy.map(0xffff880000200000, 32, "b", 0x6b);
        lazy.store(0xffff880000200010, 2, 0x4242);
        QCOMPARE(lazy.contentHash(), kept.contentHash());

        // Hashed now, so stores keep it current, in the copy as well.
        Memory copyAfter = lazy;
        lazy.store(0xffff880000001030, 8, 7);
        kept.store(0xffff880000001030, 8, 7);
        QCOMPARE(lazy.contentHash(), kept.contentHash());
        copyAfter.store(0xffff880000001030, 8, 7);
        QCOMPARE(copyAfter.contentHash(), kept.contentHash());

        copyBefore.map(0xffff880000200000, 32, "b", 0x6b);
        copyBefore.store(0xffff880000200010, 2, 0x4242);
        copyBefore.store(0xffff880000001030, 8, 7);
        QCOMPARE(copyBefore.contentHash(), kept.contentHash());
    }

    void regionsMustBeWordAligned()
    {
        Memory mem;
        QVERIFY_THROWS_EXCEPTION(std::logic_error, mem.map(0xffff880000001004, 64, "odd base"));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, mem.map(0xffff880000001000, 12, "odd size"));
    }

    void storeReportsPreviousValue()
    {
        Memory mem;
        mem.map(0xffff880000001000, 16, "r", 0x6b);
        uint64_t previous = 0;
        mem.store(0xffff880000001000, 8, 0, &previous);
        QCOMPARE(previous, 0x6b6b6b6b6b6b6b6bull);
    }

    void faultsAreClassified_data()
    {
        QTest::addColumn<quint64>("address");
        QTest::addColumn<int>("kind");
        QTest::newRow("NULL") << quint64(0) << int(AccessFaultKind::NullPointer);
        QTest::newRow("NULL+0x10 (->mask of a NULL group)") << quint64(0x10) << int(AccessFaultKind::NullPointer);
        QTest::newRow("last byte of page 0") << quint64(4095) << int(AccessFaultKind::NullPointer);
        QTest::newRow("LIST_POISON1") << quint64(layout::LIST_POISON1) << int(AccessFaultKind::PagingRequest);
        QTest::newRow("LIST_POISON2") << quint64(layout::LIST_POISON2) << int(AccessFaultKind::PagingRequest);
        QTest::newRow("slub poison") << quint64(0x6b6b6b6b6b6b6b6b) << int(AccessFaultKind::GeneralProtection);
        QTest::newRow("unmapped direct map") << quint64(0xffff880000100000) << int(AccessFaultKind::PagingRequest);
        QTest::newRow("just past the region") << quint64(0xffff880000001040) << int(AccessFaultKind::PagingRequest);
    }

    void faultsAreClassified()
    {
        QFETCH(quint64, address);
        QFETCH(int, kind);
        Memory mem;
        mem.map(0xffff880000001000, 64, "r");
        QCOMPARE(int(mem.load(address, 8).fault), kind);
        QCOMPARE(int(mem.store(address, 8, 1)), kind);
    }

    void accessStraddlingTheEndFaults()
    {
        Memory mem;
        mem.map(0xffff880000001000, 64, "r");
        QVERIFY(mem.load(0xffff88000000103c, 4).ok());
        QVERIFY(!mem.load(0xffff88000000103c, 8).ok());
    }

    // The quick path that runs steps (tryLoad, tryStore) must agree with load() and store():
    // never succeed where they fault, and read and write the same bytes where it succeeds.
    // Near a region's edges it may decline, and then load() and store() decide.
    void quickPathAgreesAtRegionEdges()
    {
        Memory mem;
        const uint64_t base = 0xffff880000001000;
        mem.map(base, 64, "r", 0x6b);
        mem.map(base + 0x100000, 8, "one word");
        for (const uint64_t start : {base, base + 0x100000}) {
            const uint64_t size = mem.regionAt(start)->bytes.size();
            for (uint64_t address = start - 9; address < start + size + 9; ++address) {
                for (const unsigned width : {1u, 2u, 4u, 8u}) {
                    const LoadResult exact = mem.load(address, width);
                    uint64_t quick = 0;
                    if (mem.tryLoad(address, width, quick)) {
                        QVERIFY2(exact.ok(), qPrintable(QString::number(address, 16)));
                        QCOMPARE(quick, exact.value);
                    }
                    Memory copy = mem;
                    if (copy.tryStore(address, width, 0x0102030405060708ull)) {
                        QVERIFY(exact.ok());
                        QCOMPARE(copy.load(address, width).value, 0x0102030405060708ull & (~0ull >> (64 - 8 * width)));
                    }
                }
            }
            // Well inside a region the quick path does the work.
            uint64_t value = 0;
            QVERIFY(mem.tryLoad(start, 8, value));
        }
    }

    // A copy's accesses, quick or exact, go to its own bytes, and so do the original's after
    // it maps more regions.
    void copiesKeepTheirOwnBytes()
    {
        Memory original;
        original.map(0xffff880000001000, 64, "a");
        original.write64(0xffff880000001000, 1);
        Memory copy(original);
        Memory assigned;
        assigned = original;
        QVERIFY(copy.tryStore(0xffff880000001000, 8, 2));
        QVERIFY(assigned.tryStore(0xffff880000001000, 8, 3));
        uint64_t value = 0;
        QVERIFY(original.tryLoad(0xffff880000001000, 8, value));
        QCOMPARE(value, 1ull);
        QCOMPARE(copy.read64(0xffff880000001000), 2ull);
        QCOMPARE(assigned.read64(0xffff880000001000), 3ull);
        QVERIFY(!(copy == original));
        copy.write64(0xffff880000001000, 1);
        QVERIFY(copy == original);

        for (uint64_t i = 1; i < 20; ++i)
            original.map(0xffff880000001000 + i * 0x100000, 64, "more");
        QVERIFY(original.tryStore(0xffff880000001000, 8, 4));
        QCOMPARE(original.read64(0xffff880000001000), 4ull);
        QCOMPARE(copy.read64(0xffff880000001000), 1ull);
    }

    void overlappingRegionsAreRefused()
    {
        Memory mem;
        mem.map(0xffff880000001000, 64, "a");
        QVERIFY_THROWS_EXCEPTION(std::logic_error, mem.map(0xffff880000001020, 64, "b"));
        mem.map(0xffff880000001040, 64, "adjacent is fine");
        QCOMPARE(mem.regions().size(), size_t(2));
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestMemory)
#include "tst_memory.moc"
