#pragma once
// Shaping a string is most of what drawing a line of a box's text costs, and the views draw
// the same few hundred strings again whenever a box's sprite is redrawn (its content changed,
// or the window was resized and every box moved): this keeps each string's layout
// (QStaticText) per font, so only new strings are shaped. GUI thread only; one per view;
// bounded, cleared when it grows past a few thousand strings.

#include <QFont>
#include <QPainter>
#include <QStaticText>
#include <QString>

#include <unordered_map>

namespace racescope::ui {

class TextLayouts {
public:
    // Draws `text` in the painter's font and pen, its top-left corner at `topLeft`.
    void draw(QPainter& painter, QPointF topLeft, const QString& text);
    size_t size() const { return m_layouts.size(); }

private:
    // std::unordered_map rather than QHash: GCC 12's LTO reports an impossible allocation
    // size inside QHash's rehash here (a false positive, like the ones CMakeLists silences).
    std::unordered_map<QString, QStaticText> m_layouts;
};

} // namespace racescope::ui
