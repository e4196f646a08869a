#include "listview/cachedtext.h"

#include <QStaticText>

#include <unordered_map>

namespace racescope::ui {

void drawCachedText(QPainter& p, QPointF topLeft, const QString& text)
{
    // std::unordered_map rather than QHash: GCC 12's LTO reports an impossible allocation
    // size inside QHash's rehash here (a false positive, like the ones CMakeLists silences).
    static std::unordered_map<QString, QStaticText> cache;
    constexpr size_t kMaxEntries = 4096;
    // The views vary only size and weight; QFont::key() would build a long string per call.
    const QFont& font = p.font();
    const QString key = text + QLatin1Char('\x1f') + QString::number(font.pixelSize()) +
                        QLatin1Char(font.bold() ? 'b' : 'n') + font.family();
    auto it = cache.find(key);
    if (it == cache.end()) {
        if (cache.size() > kMaxEntries)
            cache.clear();
        QStaticText st(text);
        st.setTextFormat(Qt::PlainText);
        st.setPerformanceHint(QStaticText::AggressiveCaching);
        st.prepare(QTransform(), p.font());
        it = cache.emplace(key, st).first;
    }
    p.drawStaticText(topLeft, it->second);
}

} // namespace racescope::ui
