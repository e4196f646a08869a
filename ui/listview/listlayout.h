#pragma once
// Where GroupListView draws each thing, computed from a snapshot alone: boxes for the list
// head and every kmalloc-128 object, the `next` arrows (arcing above), the `prev` arrows
// (below), SLUB's freelist links, reader markers and the faulting pointer. Plain values, so
// a test can check the picture without a window and paintEvent only draws what is here.
//
// Top band: fsnotify_groups in list order (head first), wrapped into rows. Bottom band:
// every object that is not on the list (being built, unlinked, freed, detached), in
// address order, since that is where a reader that left the list walks.

#include "snapshot/snapshot.h"

#include <QPainterPath>
#include <QRectF>
#include <QSizeF>

#include <cstdint>
#include <vector>

namespace racescope::ui {

struct ListNode {
    QRectF rect;
    uint64_t address = 0;
    int group = -1;        // index into Snapshot::groups; -1 for the list head
    bool onList = false;   // the head, or reachable from it
    bool reused = false;   // generation > 1
    bool faulting = false; // the object whose word the oopsing walk followed
};

enum class ArrowKind : uint8_t { Next, Prev, Freelist };
enum class ArrowEnd : uint8_t { Node, Null, Wild }; // Wild: poison or any unmapped value

struct ListArrow {
    ArrowKind kind = ArrowKind::Next;
    int from = 0;        // node index
    int to = -1;         // node index when end == Node
    ArrowEnd end = ArrowEnd::Node;
    uint64_t value = 0;  // the pointer as stored
    QPointF tail, head;  // where it leaves its source and where its tip is
    QPainterPath path;
    double lift = 0; // how far the curve bulges, kept so a swinging arrow keeps its shape
    bool faulting = false;
    bool walked = false; // followed by the walk that oopsed, on its way to the faulting pointer
};

struct ReaderBadge {
    int reader = -1; // index into Snapshot::readers; -1: the oopsed task, no longer a reader
    int node = -1;   // node it stands on; -1 when it stands on NULL or a wild pointer
    QRectF rect;
    bool faulting = false; // the reader that oopsed
};

struct ListLayout {
    // The colour legend's entries, in LifeColour order, flowed into as many rows as the
    // width needs; the bands start below them.
    std::vector<QRectF> legend;
    std::vector<ListNode> nodes; // nodes[0] is the head
    std::vector<ListArrow> arrows;
    std::vector<ReaderBadge> markers;
    QRectF listBand, poolBand;
    QRectF listCaption, poolCaption; // each band's title strip, which no badge may cover
    // Below the pool, to the view's bottom: where the oops sentence goes, wrapped to fit.
    QRectF oopsArea;
    QSizeF boxSize;
    int faultingArrow = -1; // index into arrows, when there is an oops
    int nodeAt(uint64_t address) const;
};

// `legendWidths`: how wide each legend entry is drawn (legendEntryWidths() in listpainter.h).
ListLayout computeListLayout(const Snapshot& snapshot, QSizeF size, const std::vector<double>& legendWidths = {});

// The curve of an arrow from tail to head; `Next` and `Freelist` arc above, `Prev` below.
// Shared with the view, which redraws a swinging arrow with an interpolated head.
QPainterPath arrowPath(ArrowKind kind, QPointF tail, QPointF head, double lift);

} // namespace racescope::ui
