#include "listview/listlayout.h"

#include "fsnotify/group_layout.h"

#include <algorithm>
#include <cmath>

namespace racescope::ui {

namespace {

// Nominal sizes at scale 1; the layout shrinks them until everything fits.
constexpr double kBoxW = 156, kBoxH = 84, kGapX = 34, kArc = 30, kMargin = 8, kLegend = 22, kLegendRow = 20,
                 kBandTitle = 16, kCaption = 26;
constexpr double kMinScale = 0.3;

struct Grid {
    double scale = 1, w = kBoxW, h = kBoxH, gx = kGapX, arc = kArc;
    int cols = 1;
    double rowPitch() const { return h + 2 * arc; }
};

Grid fitGrid(QSizeF size, double legendHeight, int listCount, int poolCount)
{
    Grid g;
    for (double s = 1.0; s >= kMinScale - 1e-9; s -= 0.05) {
        g.scale = s;
        g.w = kBoxW * s;
        g.h = kBoxH * s;
        g.gx = kGapX * s;
        g.arc = kArc * s;
        g.cols = std::max(1, static_cast<int>((size.width() - 2 * kMargin + g.gx) / (g.w + g.gx)));
        const int rows = (listCount + g.cols - 1) / g.cols + (poolCount + g.cols - 1) / g.cols;
        const double needed = legendHeight + 2 * kBandTitle + rows * g.rowPitch() + 2 * kMargin + kCaption;
        if (needed <= size.height())
            break;
    }
    return g;
}

QRectF cell(const Grid& g, double top, int index)
{
    const int row = index / g.cols, col = index % g.cols;
    return {kMargin + col * (g.w + g.gx), top + g.arc + row * g.rowPitch(), g.w, g.h};
}

// A pointer that leads nowhere drawable ends in a short stub right of its source.
QPointF stubHead(const ListArrow& a, const QRectF& from, const Grid& g)
{
    Q_UNUSED(a);
    return {from.right() + g.gx * 0.75, from.top() - g.arc * 0.55};
}

bool isGroupWord(uint64_t address, uint64_t object) { return address >= object && address < object + fsnotify_group::size; }

} // namespace

int ListLayout::nodeAt(uint64_t address) const
{
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].address == address)
            return static_cast<int>(i);
    return -1;
}

QPainterPath arrowPath(ArrowKind kind, QPointF tail, QPointF head, double lift)
{
    const double dir = kind == ArrowKind::Prev ? 1.0 : -1.0; // prev arcs below the boxes
    QPainterPath p(tail);
    p.cubicTo(tail + QPointF(0, dir * lift), head + QPointF(0, dir * lift), head);
    return p;
}

// Entries left to right, a new row when the next would cross the right edge; one entry too
// wide for any row gets a row of its own.
double flowLegend(const std::vector<double>& widths, double viewWidth, std::vector<QRectF>& out)
{
    double x = kMargin, y = 0;
    for (double w : widths) {
        if (x > kMargin && x + w > viewWidth) {
            x = kMargin;
            y += kLegendRow;
        }
        out.push_back({x, y, w, kLegendRow});
        x += w;
    }
    return widths.empty() ? kLegend : std::max(kLegend, y + kLegendRow + 2);
}

ListLayout computeListLayout(const Snapshot& s, QSizeF size, const std::vector<double>& legendWidths)
{
    ListLayout out;
    const double legendHeight = flowLegend(legendWidths, size.width(), out.legend);
    std::vector<int> pool; // off-list objects, in address order
    for (size_t i = 0; i < s.groups.size(); ++i)
        if (s.groups[i].life != ObjectLife::Live)
            pool.push_back(static_cast<int>(i));
    const int listCount = 1 + static_cast<int>(s.listOrder.size());
    const Grid g = fitGrid(size, legendHeight, listCount, static_cast<int>(pool.size()));
    out.boxSize = {g.w, g.h};

    const double listTop = legendHeight + kBandTitle;
    const int listRows = (listCount + g.cols - 1) / g.cols;
    out.listBand = {0, legendHeight, size.width(), kBandTitle + listRows * g.rowPitch()};
    const double poolTop = out.listBand.bottom() + kBandTitle;
    const int poolRows = (static_cast<int>(pool.size()) + g.cols - 1) / g.cols;
    out.poolBand = {0, out.listBand.bottom(), size.width(), kBandTitle + poolRows * g.rowPitch()};
    out.listCaption = {0, out.listBand.top(), size.width(), kBandTitle};
    out.poolCaption = {0, out.poolBand.top(), size.width(), kBandTitle};
    const double oopsTop = out.poolBand.bottom() + 4;
    out.oopsArea = {4, oopsTop, std::max(0.0, size.width() - 8), std::max(double(kCaption) - 4, size.height() - oopsTop - 4)};

    // The head, then the list as the readers walk it. A corrupt list may name an object
    // twice; it is drawn once, at its first position.
    out.nodes.push_back({cell(g, listTop, 0), s.listHead, -1, true, false, false});
    auto groupIndex = [&](uint64_t address) {
        for (size_t i = 0; i < s.groups.size(); ++i)
            if (s.groups[i].address == address)
                return static_cast<int>(i);
        return -1;
    };
    for (uint64_t address : s.listOrder) {
        if (out.nodeAt(address) >= 0)
            continue;
        const int gi = groupIndex(address);
        const bool reused = gi >= 0 && s.groups[gi].generation > 1;
        out.nodes.push_back({cell(g, listTop, static_cast<int>(out.nodes.size())), address, gi, true, reused, false});
    }
    for (size_t k = 0; k < pool.size(); ++k) {
        const GroupObject& o = s.groups[pool[k]];
        out.nodes.push_back({cell(g, poolTop, static_cast<int>(k)), o.address, pool[k], false, o.generation > 1, false});
    }

    auto addArrow = [&](ArrowKind kind, int from, uint64_t value) {
        ListArrow a;
        a.kind = kind;
        a.from = from;
        a.value = value;
        a.to = out.nodeAt(value);
        a.end = a.to >= 0 ? ArrowEnd::Node : value == 0 ? ArrowEnd::Null : ArrowEnd::Wild;
        const QRectF& r = out.nodes[from].rect;
        if (kind == ArrowKind::Prev) {
            if (a.to < 0)
                return; // a poisoned prev is shown in the box's text; nobody walks it
            const QRectF& t = out.nodes[a.to].rect;
            a.tail = {r.left() + r.width() * 0.3, r.bottom()};
            a.head = {t.left() + t.width() * 0.7, t.bottom()};
        } else {
            a.tail = {r.left() + r.width() * 0.7, r.top()};
            a.head = a.to >= 0 ? QPointF(out.nodes[a.to].rect.left() + g.w * 0.3, out.nodes[a.to].rect.top())
                               : stubHead(a, r, g);
        }
        // Longer arrows arc higher, so that an arrow skipping a box does not hide the ones
        // between neighbours.
        const double span = std::abs(a.head.x() - a.tail.x()) / (g.w + g.gx);
        const double lift = g.arc * std::min(1.0, 0.55 + 0.15 * span);
        a.lift = a.to >= 0 ? lift : g.arc * 0.3;
        a.path = arrowPath(kind, a.tail, a.head, a.lift);
        out.arrows.push_back(std::move(a));
    };

    const bool slubLink = s.allocator == AllocatorKind::Slub;
    out.arrows.reserve(out.nodes.size() * 2);
    for (size_t n = 0; n < out.nodes.size(); ++n) {
        const ListNode& node = out.nodes[n];
        const GroupObject* o = node.group >= 0 ? &s.groups[node.group] : nullptr;
        if (o && o->life == ObjectLife::Free)
            continue; // its first word is the allocator's, drawn as a freelist link below
        const uint64_t next = o ? o->next : (s.listOrder.empty() ? s.listHead : s.listOrder.front());
        const uint64_t prev = o ? o->prev : (s.listOrder.empty() ? s.listHead : s.listOrder.back());
        addArrow(ArrowKind::Next, static_cast<int>(n), next);
        addArrow(ArrowKind::Prev, static_cast<int>(n), prev);
    }
    // SLUB keeps the freelist link in the object's first word, where group_list.next was:
    // the link a reader on a freed group follows. Other allocators keep it elsewhere.
    if (slubLink) {
        for (size_t i = 0; i < s.freelist.size(); ++i) {
            const int from = out.nodeAt(s.freelist[i]);
            if (from >= 0)
                addArrow(ArrowKind::Freelist, from, i + 1 < s.freelist.size() ? s.freelist[i + 1] : 0);
        }
    }

    // The oops: the word the walk followed lies inside one object (or the head).
    const Oops* oops = s.oopses.empty() ? nullptr : &s.oopses.back();
    if (oops) {
        for (size_t n = 0; n < out.nodes.size(); ++n) {
            const ListNode& node = out.nodes[n];
            if (node.group < 0 ? oops->pointerSource == node.address : isGroupWord(oops->pointerSource, node.address))
                out.nodes[n].faulting = true;
        }
        for (size_t a = 0; a < out.arrows.size(); ++a) {
            ListArrow& arrow = out.arrows[a];
            if (arrow.kind != ArrowKind::Prev && out.nodes[arrow.from].address == oops->pointerSource &&
                arrow.value == oops->address) {
                arrow.faulting = true;
                out.faultingArrow = static_cast<int>(a);
            }
        }
        // The trail: each ->next the walk loaded, from the object it stood on to the next.
        // Oops::walk holds the words followed (the positions), oldest first.
        for (size_t w = 0; w + 1 < oops->walk.size(); ++w) {
            for (ListArrow& arrow : out.arrows)
                if (arrow.kind != ArrowKind::Prev && out.nodes[arrow.from].address == oops->walk[w] &&
                    arrow.value == oops->walk[w + 1])
                    arrow.walked = true;
        }
    }

    // Reader badges sit in a strip along the bottom of the box they stand on, or at the
    // tip of the pointer they followed when that leads nowhere.
    const double badgeH = std::max(10.0, 15 * g.scale);
    std::vector<int> perNode(out.nodes.size(), 0), perNodeTotal(out.nodes.size(), 0);
    auto placeOnNull = [&](uint64_t value, bool faulting, int stacked) -> QRectF {
        int arrow = faulting ? out.faultingArrow : -1;
        for (size_t a = 0; arrow < 0 && a < out.arrows.size(); ++a)
            if (out.arrows[a].end != ArrowEnd::Node && out.arrows[a].value == value)
                arrow = static_cast<int>(a);
        const QPointF at = arrow >= 0 ? out.arrows[arrow].head : QPointF(out.listBand.right() - g.w, out.listBand.top());
        const double w = faulting ? g.w * 0.9 : g.w * 0.5; // the oopsed reader's name must be legible
        QRectF badge(at.x() - w * 0.5, at.y() - badgeH * (2.2 + stacked), w, badgeH);
        // A stub's tip lies right of the last column and just under a band's title: keep the
        // badge inside the view, and below the title rather than over its text.
        badge.moveLeft(std::max(kMargin * 0.5, std::min(badge.left(), size.width() - kMargin * 0.5 - w)));
        for (const QRectF& title : {out.listCaption, out.poolCaption})
            if (badge.intersects(title))
                badge.moveTop(title.bottom() + 1 + badgeH * stacked);
        return badge;
    };
    int offList = 0;
    bool oopsTaskShown = false;
    for (size_t r = 0; r < s.readers.size(); ++r) {
        const racescope::ReaderMarker& reader = s.readers[r];
        ReaderBadge b;
        b.reader = static_cast<int>(r);
        b.node = out.nodeAt(reader.standingOn);
        b.faulting = oops && oops->task == reader.task && s.status == RunStatus::Oopsed;
        oopsTaskShown = oopsTaskShown || b.faulting;
        if (b.node >= 0)
            ++perNodeTotal[b.node];
        else
            b.rect = placeOnNull(reader.standingOn, b.faulting, offList++);
        out.markers.push_back(b);
    }
    if (oops && !oopsTaskShown) {
        ReaderBadge b;
        b.faulting = true;
        b.rect = placeOnNull(oops->address, true, offList++);
        out.markers.push_back(b);
    }
    for (ReaderBadge& b : out.markers) {
        if (b.node < 0)
            continue;
        const QRectF& r = out.nodes[b.node].rect;
        const double w = (r.width() - 4) / perNodeTotal[b.node];
        b.rect = {r.left() + 2 + w * perNode[b.node]++, r.bottom() - badgeH - 2, w - 1, badgeH};
    }
    return out;
}

} // namespace racescope::ui
