#include "paint/textlayouts.h"

namespace racescope::ui {

void TextLayouts::draw(QPainter& p, QPointF topLeft, const QString& text)
{
    constexpr size_t kMaxLayouts = 4096;
    // The views vary only size and weight; QFont::key() would build a long string per call.
    const QFont& font = p.font();
    const QString key = text + QLatin1Char('\x1f') + QString::number(font.pixelSize()) +
                        QLatin1Char(font.bold() ? 'b' : 'n') + QLatin1Char(font.italic() ? 'i' : 'u') + font.family();
    auto it = m_layouts.find(key);
    if (it == m_layouts.end()) {
        if (m_layouts.size() > kMaxLayouts)
            m_layouts.clear();
        QStaticText layout(text);
        layout.setTextFormat(Qt::PlainText);
        layout.setPerformanceHint(QStaticText::AggressiveCaching);
        layout.prepare(QTransform(), font);
        it = m_layouts.emplace(key, std::move(layout)).first;
    }
    p.drawStaticText(topLeft, it->second);
}

} // namespace racescope::ui
