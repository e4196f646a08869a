#include "trace/trace.h"

#include <QTest>

namespace racescope {

namespace {
TraceRecord numbered(uint64_t i)
{
    TraceRecord r;
    r.step = i;
    r.address = i * 3;
    r.after = ~i;
    r.kind = RecordKind::Store;
    return r;
}

// Enough records to fill two chunks and start a third.
constexpr size_t kMany = 2 * Trace::kChunk + 17;

Trace filled(size_t count)
{
    Trace t;
    for (size_t i = 0; i < count; ++i)
        t.append(numbered(i));
    return t;
}
} // namespace

class TestTrace : public QObject {
    Q_OBJECT
private slots:
    void recordsSurviveChunkBoundaries()
    {
        const Trace t = filled(kMany);
        QCOMPARE(t.size(), kMany);
        for (size_t i : {size_t(0), Trace::kChunk - 1, Trace::kChunk, 2 * Trace::kChunk, kMany - 1})
            QCOMPARE(t[i], numbered(i));
        size_t seen = 0;
        bool inOrder = true;
        t.forEach([&](const TraceRecord& r) { inOrder = inOrder && r == numbered(seen++); });
        QCOMPARE(seen, kMany);
        QVERIFY(inOrder);
    }

    void slotsAreFilledInPlace()
    {
        Trace t;
        t.appendSlot() = numbered(7);
        TraceRecord& slot = t.appendSlot();
        slot = numbered(8);
        QCOMPARE(t.size(), size_t(2));
        QCOMPARE(t[1], numbered(8));
    }

    void copyIsDeepAndMoveEmptiesTheSource()
    {
        Trace original = filled(Trace::kChunk + 5);
        Trace copy = original;
        copy.append(numbered(999));
        QCOMPARE(original.size(), Trace::kChunk + 5);
        QCOMPARE(copy.size(), Trace::kChunk + 6);
        QCOMPARE(copy.sha256Hex() == original.sha256Hex(), false);

        const std::string digest = original.sha256Hex();
        Trace moved = std::move(original);
        QCOMPARE(moved.sha256Hex(), digest);
        QCOMPARE(original.size(), size_t(0)); // NOLINT(bugprone-use-after-move): defined empty
        original.append(numbered(1));         // and usable again
        QCOMPARE(original.size(), size_t(1));
        QCOMPARE(original[0], numbered(1));
    }

    // Chunks of a destroyed trace are recycled; a trace built on them must not see old records.
    void recycledChunksStartEmpty()
    {
        std::string firstDigest;
        {
            const Trace first = filled(kMany);
            firstDigest = first.sha256Hex();
        }
        Trace second = filled(10);
        QCOMPARE(second.size(), size_t(10));
        size_t seen = 0;
        second.forEach([&](const TraceRecord&) { ++seen; });
        QCOMPARE(seen, size_t(10));
        QCOMPARE(second.sha256Hex(), filled(10).sha256Hex());
        second.clear();
        QCOMPARE(second.size(), size_t(0));
        QCOMPARE(filled(kMany).sha256Hex(), firstDigest);
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestTrace)
#include "tst_trace.moc"
