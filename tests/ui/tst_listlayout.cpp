// The list view's layout, from real snapshots of the seed scenario: one box per list entry
// plus the head, arrows that start and end on the right boxes, readers on the box they
// stand on, and after an early-free oops the NULL the walk followed.

#include "listview/listlayout.h"
#include "uifixture.h"

#include <QTest>

#include <set>

namespace racescope::ui {

namespace {
const QSizeF kSize(1280, 800);

bool onTopEdge(QPointF p, const QRectF& r) { return qFuzzyCompare(p.y(), r.top()) && p.x() >= r.left() && p.x() <= r.right(); }
bool onBottomEdge(QPointF p, const QRectF& r)
{
    return qFuzzyCompare(p.y(), r.bottom()) && p.x() >= r.left() && p.x() <= r.right();
}
} // namespace

class TestListLayout : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_calm = test::runSeedFrames(1, false, 6000, 13).frames;
        QVERIFY(m_calm.size() > 100);
        m_oopsSeed = test::firstOopsingSeed();
        QVERIFY2(m_oopsSeed != 0, "no seed in 1..200 oopsed with early-free");
        m_oops = test::runSeedFrames(m_oopsSeed, true, 20000, 20000).frames.back();
        QCOMPARE(m_oops.snapshot->status, RunStatus::Oopsed);

        // list-del-not-rcu: the reader follows LIST_POISON1 out of a group in the pool band.
        Scenario s = test::seedScenario();
        ScenarioOverrides o;
        o.faults = {FaultId::ListDelNotRcu};
        o.seed = 1;
        applyOverrides(s, o);
        Machine machine(s.world);
        RandomScheduler scheduler(s.seed, s.random);
        QCOMPARE(runMachine(machine, scheduler, 20000).status, RunStatus::Oopsed);
        m_poisonOops = std::make_shared<const Snapshot>(takeSnapshot(machine));
    }

    void everyObjectOnceAndTheListInOrder()
    {
        int withFourOrMore = 0;
        for (const SimFrame& f : m_calm) {
            const Snapshot& s = *f.snapshot;
            const ListLayout l = computeListLayout(s, kSize);
            QCOMPARE(l.nodes.size(), s.groups.size() + 1);
            QCOMPARE(l.nodes[0].group, -1);
            QCOMPARE(l.nodes[0].address, s.listHead);
            const auto onList = std::count_if(l.nodes.begin(), l.nodes.end(), [](const ListNode& n) { return n.onList; });
            QCOMPARE(static_cast<size_t>(onList), s.listOrder.size() + 1);
            for (size_t i = 0; i < s.listOrder.size(); ++i)
                QCOMPARE(l.nodes[i + 1].address, s.listOrder[i]);
            withFourOrMore += s.listOrder.size() >= 3;
        }
        QVERIFY2(withFourOrMore > 0, "the run never had three groups on the list at once");
    }

    void nextAndPrevArrowsJoinNeighbours()
    {
        int prevsAtNeighbour = 0, prevsSeen = 0;
        for (const SimFrame& f : m_calm) {
            const Snapshot& s = *f.snapshot;
            const ListLayout l = computeListLayout(s, kSize);
            const size_t ring = s.listOrder.size() + 1; // nodes 0..ring-1 are the head and the list
            for (size_t i = 0; i < ring; ++i) {
                const size_t expectNext = (i + 1) % ring, expectPrev = (i + ring - 1) % ring;
                int nexts = 0, prevs = 0;
                for (const ListArrow& a : l.arrows) {
                    if (a.from != static_cast<int>(i))
                        continue;
                    if (a.kind == ArrowKind::Next) {
                        ++nexts;
                        QCOMPARE(a.to, static_cast<int>(expectNext));
                        QVERIFY(onTopEdge(a.tail, l.nodes[i].rect));
                        QVERIFY(onTopEdge(a.head, l.nodes[a.to].rect));
                    } else if (a.kind == ArrowKind::Prev) {
                        ++prevs;
                        // list_add_rcu publishes head->next before old_first->prev, so
                        // prev may lag its neighbour for a step: the arrow shows the word.
                        QCOMPARE(l.nodes[a.to].address, a.value);
                        prevsAtNeighbour += a.to == static_cast<int>(expectPrev);
                        ++prevsSeen;
                        QVERIFY(onBottomEdge(a.tail, l.nodes[i].rect));
                        QVERIFY(onBottomEdge(a.head, l.nodes[a.to].rect));
                    }
                    QCOMPARE(a.path.pointAtPercent(0), a.tail);
                    QCOMPARE(a.path.pointAtPercent(1), a.head);
                }
                QCOMPARE(nexts, 1);
                QCOMPARE(prevs, 1);
            }
        }
        QVERIFY(prevsAtNeighbour > prevsSeen * 9 / 10);
    }

    void freelistLinksFollowTheAllocator()
    {
        const Snapshot& s = *m_calm.back().snapshot;
        QCOMPARE(s.allocator, AllocatorKind::Slub);
        const ListLayout l = computeListLayout(s, kSize);
        std::vector<const ListArrow*> links;
        for (const ListArrow& a : l.arrows)
            if (a.kind == ArrowKind::Freelist)
                links.push_back(&a);
        QCOMPARE(links.size(), s.freelist.size());
        for (size_t i = 0; i < links.size(); ++i) {
            QCOMPARE(l.nodes[links[i]->from].address, s.freelist[i]);
            if (i + 1 < links.size())
                QCOMPARE(l.nodes[links[i]->to].address, s.freelist[i + 1]);
            else
                QCOMPARE(links[i]->end, ArrowEnd::Null);
        }
    }

    void readersStandOnTheirNode()
    {
        int checked = 0;
        for (const SimFrame& f : m_calm) {
            const Snapshot& s = *f.snapshot;
            const ListLayout l = computeListLayout(s, kSize);
            QCOMPARE(l.markers.size(), s.readers.size());
            for (const ReaderBadge& b : l.markers) {
                QVERIFY(b.reader >= 0);
                const uint64_t on = s.readers[b.reader].standingOn;
                QCOMPARE(b.node, l.nodeAt(on));
                if (b.node >= 0) {
                    QCOMPARE(l.nodes[b.node].address, on);
                    QVERIFY(l.nodes[b.node].rect.contains(b.rect));
                    ++checked;
                }
                QVERIFY(!b.faulting);
            }
        }
        QVERIFY2(checked > 20, "too few readers seen standing on a group");
    }

    void layoutFitsTheWidget_data()
    {
        QTest::addColumn<QSizeF>("size");
        QTest::newRow("1280x800") << QSizeF(1280, 800);
        QTest::newRow("800x400") << QSizeF(800, 400);
        QTest::newRow("400x600 narrow") << QSizeF(400, 600);
    }
    void layoutFitsTheWidget()
    {
        QFETCH(QSizeF, size);
        const ListLayout l = computeListLayout(*m_oops.snapshot, size);
        const QRectF area(QPointF(0, 0), size);
        for (const ListNode& n : l.nodes)
            QVERIFY2(area.contains(n.rect), qPrintable(QStringLiteral("node at %1,%2").arg(n.rect.x()).arg(n.rect.y())));
        for (size_t i = 0; i < l.nodes.size(); ++i)
            for (size_t j = i + 1; j < l.nodes.size(); ++j)
                QVERIFY(!l.nodes[i].rect.intersects(l.nodes[j].rect));
    }

    void earlyFreeOopsFlagsTheNullPointer()
    {
        const Snapshot& s = *m_oops.snapshot;
        QVERIFY(!s.oopses.empty());
        const Oops& o = s.oopses.back();
        QCOMPARE(o.address, 0ull);
        const ListLayout l = computeListLayout(s, kSize);
        QVERIFY(l.faultingArrow >= 0);
        const ListArrow& a = l.arrows[l.faultingArrow];
        QVERIFY(a.faulting);
        QCOMPARE(a.end, ArrowEnd::Null);
        QCOMPARE(a.value, 0ull);
        // The pointer lives in word 0 of the object the walk stood on: a freed group, whose
        // first word SLUB reused as its freelist link.
        const ListNode& from = l.nodes[a.from];
        QCOMPARE(from.address, o.pointerSource);
        QVERIFY(from.faulting);
        QVERIFY(from.group >= 0);
        QCOMPARE(s.groups[from.group].life, ObjectLife::Free);
        QCOMPARE(std::count_if(l.arrows.begin(), l.arrows.end(), [](const ListArrow& x) { return x.faulting; }), 1);
        // The reader that oopsed stands on NULL, at the tip of that arrow.
        const auto badge = std::find_if(l.markers.begin(), l.markers.end(), [](const ReaderBadge& b) { return b.faulting; });
        QVERIFY(badge != l.markers.end());
        QCOMPARE(badge->node, -1);
        if (badge->reader >= 0)
            QCOMPARE(s.readers[badge->reader].standingOn, 0ull);
        QVERIFY(QLineF(badge->rect.center(), a.head).length() < l.boxSize.width());
    }

    void noOopsNoFault()
    {
        for (const SimFrame& f : m_calm) {
            const ListLayout l = computeListLayout(*f.snapshot, kSize);
            QCOMPARE(l.faultingArrow, -1);
            for (const ListNode& n : l.nodes)
                QVERIFY(!n.faulting);
        }
    }

    // A reader on NULL or a wild pointer is drawn at the pointer's tip, which for a stub lies
    // right of its box and just under a band's title.
    void offListBadgesStayInTheViewAndOffTheTitles_data()
    {
        QTest::addColumn<QSizeF>("size");
        QTest::newRow("wide") << kSize;
        QTest::newRow("docked beside the lanes") << QSizeF(380, 480);
    }
    void offListBadgesStayInTheViewAndOffTheTitles()
    {
        QFETCH(QSizeF, size);
        int offList = 0;
        for (const Snapshot* s : {m_oops.snapshot.get(), m_poisonOops.get()}) {
            const ListLayout l = computeListLayout(*s, size);
            for (const ReaderBadge& b : l.markers) {
                if (b.node >= 0)
                    continue;
                ++offList;
                QVERIFY2(b.rect.left() >= 0 && b.rect.right() <= size.width(), "the badge leaves the view");
                QVERIFY2(!b.rect.intersects(l.listCaption), "the badge covers the list's title");
                QVERIFY2(!b.rect.intersects(l.poolCaption), "the badge covers the pool's title");
            }
        }
        QCOMPARE(offList, 2);
    }

    // The colour legend flows into as many rows as the width needs (it used to stop at the
    // first entry that did not fit: a view beside the lanes showed 4 of 7 colours).
    void legendFlowsIntoRows_data()
    {
        QTest::addColumn<double>("width");
        QTest::addColumn<int>("rows");
        QTest::newRow("wide") << 1280.0 << 1;
        QTest::newRow("docked beside the lanes") << 380.0 << 3;
        QTest::newRow("narrower than an entry") << 150.0 << 5;
    }
    void legendFlowsIntoRows()
    {
        QFETCH(double, width);
        QFETCH(int, rows);
        const std::vector<double> widths{76, 86, 48, 216, 58, 74, 232}; // about the real ones
        const Snapshot& s = *m_calm.back().snapshot;
        const ListLayout l = computeListLayout(s, QSizeF(width, 800), widths);
        QCOMPARE(l.legend.size(), widths.size());
        std::set<double> rowTops;
        for (size_t i = 0; i < l.legend.size(); ++i) {
            const QRectF& e = l.legend[i];
            QCOMPARE(e.width(), widths[i]);
            rowTops.insert(e.top());
            // Inside the view, unless the entry is wider than any row could be.
            QVERIFY(e.right() <= width || e.width() > width - 16);
            QVERIFY(e.bottom() <= l.listBand.top());
            for (size_t j = 0; j < i; ++j)
                QVERIFY(!e.intersects(l.legend[j]));
        }
        QCOMPARE(static_cast<int>(rowTops.size()), rows);
        for (const ListNode& n : l.nodes)
            QVERIFY(n.rect.top() >= l.listBand.top());
    }

private:
    std::vector<SimFrame> m_calm;
    uint64_t m_oopsSeed = 0;
    SimFrame m_oops;
    std::shared_ptr<const Snapshot> m_poisonOops;
};

} // namespace racescope::ui

QTEST_GUILESS_MAIN(racescope::ui::TestListLayout)
#include "tst_listlayout.moc"
