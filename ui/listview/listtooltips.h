#pragma once
// The words behind each thing GroupListView draws: what a box, an arrow or a reader badge
// stands for in the kernel's terms. Kept apart from the widget so the texts read as a unit.

#include "listview/listlayout.h"

#include <QPointF>
#include <QString>

namespace racescope::ui {

QString nodeToolTip(const Snapshot& snapshot, const ListLayout& layout, int node);
QString arrowToolTip(const Snapshot& snapshot, const ListLayout& layout, int arrow);
QString badgeToolTip(const Snapshot& snapshot, const ListLayout& layout, int badge);

// The band captions, in full; the painter elides them to the view's width, and the tooltip
// over a caption gives the whole text back.
QString listCaptionText(const Snapshot& snapshot);
QString poolCaptionText(const Snapshot& snapshot);
// The sentence under the pool after an oops (empty without one).
QString oopsCaptionText(const Snapshot& snapshot, const ListLayout& layout);

// The tooltip for whatever lies under `pos` (badges first, then boxes, then arrows, then
// the band captions and the oops sentence), or empty.
QString toolTipAt(const Snapshot& snapshot, const ListLayout& layout, QPointF pos);

} // namespace racescope::ui
