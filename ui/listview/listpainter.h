#pragma once
// Draws a computed ListLayout; decides nothing about where things go. A swinging arrow
// (a pointer that just changed) is drawn with its tip between its old and new target.
//
// Boxes, badges and captions are cached as sprites keyed by what they show, and the plain
// arrows as one layer keyed by their geometry (paint/): from one frame to the next only what
// changed is rasterised again. The picture is the same as drawing everything afresh.

#include "listview/listlayout.h"

#include <QPainter>

#include <cstdint>
#include <memory>
#include <vector>

namespace racescope::ui {

struct ArrowSwing {
    std::vector<QPointF> from; // per arrow: the old tip, or NaN when it did not move
    double t = 1;              // 0 at the old tip, 1 at the new one
};

// What the painter keeps between frames; one per view, GUI thread only.
class ListPaintCache {
public:
    ListPaintCache();
    ~ListPaintCache();
    ListPaintCache(const ListPaintCache&) = delete;
    ListPaintCache& operator=(const ListPaintCache&) = delete;

    // Forgets what was drawn where: call on a resize (see SpriteCache::clear).
    void clear();
    size_t sprites() const;
    uint64_t spritesPainted() const;    // sprite cache misses so far
    unsigned arrowLayerRepaints() const;

private:
    friend void paintListLayout(QPainter&, const Snapshot&, const ListLayout&, const ArrowSwing&, ListPaintCache&);
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

void paintListLayout(QPainter& painter, const Snapshot& snapshot, const ListLayout& layout, const ArrowSwing& swing,
                     ListPaintCache& cache);

// Where the label of a pointer that leads to no box ("NULL", or a wild value) starts: just
// right of the arrow's tip, or just left of it when it would not fit in the view.
double stubLabelLeft(double tipX, double labelWidth, double viewWidth);

// How wide each entry of the colour legend is drawn with `base` (the painter's font), for
// computeListLayout to flow them into rows.
std::vector<double> legendEntryWidths(const QFont& base);

} // namespace racescope::ui
