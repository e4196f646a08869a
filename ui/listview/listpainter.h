#pragma once
// Draws a computed ListLayout; decides nothing about where things go. A swinging arrow
// (a pointer that just changed) is drawn with its tip between its old and new target.

#include "listview/listlayout.h"

#include <QPainter>

#include <vector>

namespace racescope::ui {

struct ArrowSwing {
    std::vector<QPointF> from; // per arrow: the old tip, or NaN when it did not move
    double t = 1;              // 0 at the old tip, 1 at the new one
};

void paintListLayout(QPainter& painter, const Snapshot& snapshot, const ListLayout& layout, const ArrowSwing& swing);

} // namespace racescope::ui
