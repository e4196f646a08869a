#include "memory/layout.h"
#include "memory/memory.h"

#include <QTest>

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
