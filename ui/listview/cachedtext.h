#pragma once
// Laying out a string is most of what drawing a box of text costs, and the views draw the
// same few hundred strings frame after frame: this keeps their layouts (QStaticText) per
// string and font. GUI thread only; bounded, cleared when it grows past a few thousand.

#include <QPainter>
#include <QString>

namespace racescope::ui {

// Draws `text` with the painter's font, its top-left corner at `topLeft`.
void drawCachedText(QPainter& painter, QPointF topLeft, const QString& text);

} // namespace racescope::ui
