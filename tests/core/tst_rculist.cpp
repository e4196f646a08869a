// Each list primitive, store by store: what a reader on another CPU could see between them.

#include "fsnotify/group_layout.h"
#include "machine_fixture.h"
#include "memory/layout.h"

#include <QTest>

namespace racescope {

using namespace test;

namespace {
constexpr uint64_t kHead = layout::fsnotify_groups;

int storesInStep(const Machine& m, uint64_t step)
{
    int n = 0;
    for (const TraceRecord& r : m.trace().records())
        n += r.step == step && r.kind == RecordKind::Store;
    return n;
}

uint64_t newObject(Machine& m)
{
    Bus bus(m.setupMemory(), nullptr);
    return m.setupAllocator().kmalloc(bus, kGroupCache, false).object;
}
} // namespace

class TestRculist : public QObject {
    Q_OBJECT
private slots:
    void listDelRcuKeepsNextAndPoisonsPrev()
    {
        Machine m(idleWorld(2, 1, 3));
        m.setTracing(true);
        const std::vector<uint64_t> before = listForward(m);
        QCOMPARE(before.size(), size_t(3));
        const uint64_t victim = before[1];
        m.injectCall(0, FunctionId::list_del_rcu, {victim});

        step(m, 0); // loads next and prev
        QCOMPARE(storesInStep(m, m.steps()), 0);
        step(m, 0); // prev->next = next: readers arriving now skip the victim
        QCOMPARE(storesInStep(m, m.steps()), 1);
        QCOMPARE(m.memory().read64(before[0]), before[2]);
        step(m, 0); // next->prev = prev
        QCOMPARE(m.memory().read64(before[2] + 8), before[0]);
        step(m, 0); // entry->prev = LIST_POISON2
        QCOMPARE(m.memory().read64(victim + 8), layout::LIST_POISON2);
        QCOMPARE(m.memory().read64(victim), before[2]); // a reader on the victim walks on
        finishCall(m, 0);
        QCOMPARE(listForward(m), (std::vector<uint64_t>{before[0], before[2]}));
    }

    void listDelPoisonsBothPointers()
    {
        Machine m(idleWorld(1, 1, 2));
        const uint64_t victim = groupAt(m, 0);
        m.injectCall(0, FunctionId::list_del, {victim});
        QCOMPARE(finishCall(m, 0), 6); // loads, four stores, return
        QCOMPARE(m.memory().read64(victim), layout::LIST_POISON1);
        QCOMPARE(m.memory().read64(victim + 8), layout::LIST_POISON2);
        QCOMPARE(listForward(m).size(), size_t(1));
    }

    void listAddRcuPublishesAFullyBuiltEntry()
    {
        Machine m(idleWorld(1, 1, 1));
        m.setTracing(true);
        const uint64_t first = groupAt(m, 0);
        const uint64_t entry = newObject(m);
        m.injectCall(0, FunctionId::list_add_rcu, {entry, kHead});
        step(m, 0); // next = head->next
        step(m, 0); // new->next = next
        QCOMPARE(m.memory().read64(entry), first);
        step(m, 0); // new->prev = head
        QCOMPARE(m.memory().read64(entry + 8), kHead);
        QCOMPARE(listForward(m), std::vector<uint64_t>{first}); // not reachable yet
        step(m, 0); // rcu_assign_pointer(head->next, new)
        QCOMPARE(storesInStep(m, m.steps()), 1);
        QCOMPARE(listForward(m), (std::vector<uint64_t>{entry, first}));
        QCOMPARE(m.memory().read64(first + 8), kHead); // prev not yet fixed
        step(m, 0);
        QCOMPARE(m.memory().read64(first + 8), entry);
        finishCall(m, 0);
        QVERIFY(!m.tasks()[0].inKernel());
    }

    void listAddTailAppends()
    {
        Machine m(idleWorld(1, 1, 1));
        const uint64_t group = groupAt(m, 0);
        const uint64_t queue = group + fsnotify_group::notification_list;
        Bus bus(m.setupMemory(), nullptr);
        const uint64_t a = m.setupAllocator().kmalloc(bus, kHolderCache, false).object;
        const uint64_t b = m.setupAllocator().kmalloc(bus, kHolderCache, false).object;
        m.injectCall(0, FunctionId::list_add_tail, {a, queue});
        finishCall(m, 0);
        m.injectCall(0, FunctionId::list_add_tail, {b, queue});
        finishCall(m, 0);
        QCOMPARE(m.memory().read64(queue), a);
        QCOMPARE(m.memory().read64(a), b);
        QCOMPARE(m.memory().read64(b), queue);
        QCOMPARE(m.memory().read64(queue + 8), b);
        QCOMPARE(m.memory().read64(b + 8), a);
    }

    void deletingAnEntryTwiceWithListDelFaultsOnThePoison()
    {
        Machine m(idleWorld(1, 1, 2));
        const uint64_t victim = groupAt(m, 0);
        m.injectCall(0, FunctionId::list_del, {victim});
        finishCall(m, 0);
        m.injectCall(0, FunctionId::list_del, {victim});
        step(m, 0); // loads LIST_POISON1/2 as next/prev
        step(m, 0); // prev->next: a store to LIST_POISON2
        QCOMPARE(m.status(), RunStatus::Oopsed);
        QCOMPARE(m.oopses().front().kind, AccessFaultKind::PagingRequest);
        QCOMPARE(m.oopses().front().address, layout::LIST_POISON2);
        QVERIFY(m.oopses().front().write);
    }
};

} // namespace racescope

QTEST_APPLESS_MAIN(racescope::TestRculist)
#include "tst_rculist.moc"
