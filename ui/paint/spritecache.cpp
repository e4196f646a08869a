#include "paint/spritecache.h"

#include <QHashFunctions>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace racescope::ui {

SpriteKey& SpriteKey::operator<<(double v)
{
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    return *this << bits;
}

SpriteKey& SpriteKey::operator<<(uint64_t v)
{
    const QChar parts[4] = {QChar(char16_t(v)), QChar(char16_t(v >> 16)), QChar(char16_t(v >> 32)),
                            QChar(char16_t(v >> 48))};
    m_text.append(parts, 4);
    return *this;
}

SpriteKey& SpriteKey::operator<<(const QString& v)
{
    // The length first: no two different lists of strings pack into the same key.
    *this << static_cast<uint64_t>(v.size());
    m_text += v;
    return *this;
}

size_t SpriteCache::KeyHash::operator()(const Key& k) const noexcept
{
    return qHashMulti(0, k.text, k.offsetX, k.offsetY);
}

SpriteCache::Placement SpriteCache::placement(QPointF at)
{
    // Exact: a double minus its floor is representable, so origin + offset == at.
    const QPointF origin(std::floor(at.x()), std::floor(at.y()));
    return {origin, at - origin};
}

void SpriteCache::beginFrame(const QPainter& painter)
{
    ++m_frame;
    const qreal dpr = painter.device() ? painter.device()->devicePixelRatioF() : 1.0;
    if (dpr != m_dpr) {
        m_entries.clear();
        m_bytes = 0;
        m_dpr = dpr;
    }
    if (m_bytes <= kBudgetBytes)
        return;
    // Whatever the last frame drew is likely drawn again; older sprites are the ones to go.
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->second.lastUsed + 1 < m_frame) {
            m_bytes -= size_t(it->second.sprite.image.sizeInBytes());
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
}

QImage SpriteCache::blank(QSizeF size) const
{
    const qreal dpr = m_dpr > 0 ? m_dpr : 1.0;
    // One more pixel than the item for its subpixel offset, and the margin on both sides.
    const QSize logical(int(std::ceil(size.width())) + 1 + 2 * kMargin, int(std::ceil(size.height())) + 1 + 2 * kMargin);
    QImage image(logical * dpr, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    return image;
}

const SpriteCache::Sprite* SpriteCache::find(const QString& key, QPointF offset)
{
    const auto it = m_entries.find(Key{key, offset.x(), offset.y()});
    if (it == m_entries.end())
        return nullptr;
    it->second.lastUsed = m_frame;
    return &it->second.sprite;
}

namespace {
// The smallest rectangle holding every pixel that is not fully transparent.
QRect paintedRect(const QImage& image)
{
    int top = image.height(), bottom = -1, left = image.width(), right = -1;
    for (int y = 0; y < image.height(); ++y) {
        const auto* row = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        int first = -1, last = -1;
        for (int x = 0; x < image.width(); ++x) {
            if (qAlpha(row[x]) != 0) {
                if (first < 0)
                    first = x;
                last = x;
            }
        }
        if (first < 0)
            continue;
        top = std::min(top, y);
        bottom = y;
        left = std::min(left, first);
        right = std::max(right, last);
    }
    return bottom < 0 ? QRect() : QRect(QPoint(left, top), QPoint(right, bottom));
}
} // namespace

const SpriteCache::Sprite* SpriteCache::insert(const QString& key, QPointF offset, QImage image)
{
    ++m_misses;
    Entry& e = m_entries[Key{key, offset.x(), offset.y()}];
    const QRect used = paintedRect(image);
    const qreal dpr = image.devicePixelRatio();
    e.sprite.at = QPointF(used.topLeft()) / dpr - QPointF(kMargin, kMargin);
    // Kept cropped to what was painted: a generous item size costs nothing to hold.
    e.sprite.image = used.isEmpty() ? QImage() : image.copy(used);
    e.sprite.image.setDevicePixelRatio(dpr);
    e.sprite.used = e.sprite.image.rect();
    m_bytes += size_t(e.sprite.image.sizeInBytes());
    e.lastUsed = m_frame;
    return &e.sprite;
}

} // namespace racescope::ui
