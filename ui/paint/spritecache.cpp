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

void SpriteCache::clear()
{
    m_entries.clear();
    m_bytes = 0;
}

QPainter& SpriteCache::beginSprite(QSizeF size, QPointF offset, const QFont& font)
{
    const qreal dpr = m_dpr > 0 ? m_dpr : 1.0;
    // One more pixel than the item for its subpixel offset, and the margin on both sides.
    const QSize logical(int(std::ceil(size.width())) + 1 + 2 * kMargin, int(std::ceil(size.height())) + 1 + 2 * kMargin);
    m_scratchUsed = (QSizeF(logical) * dpr).toSize();
    if (m_scratch.width() < m_scratchUsed.width() || m_scratch.height() < m_scratchUsed.height() ||
        m_scratch.devicePixelRatio() != dpr) {
        m_scratch = QImage(m_scratchUsed.expandedTo(m_scratch.size()), QImage::Format_ARGB32_Premultiplied);
        m_scratch.setDevicePixelRatio(dpr);
    }
    for (int y = 0; y < m_scratchUsed.height(); ++y)
        std::memset(m_scratch.scanLine(y), 0, size_t(m_scratchUsed.width()) * sizeof(QRgb));
    m_scratchPainter.begin(&m_scratch);
    m_scratchPainter.setFont(font);
    m_scratchPainter.translate(kMargin + offset.x(), kMargin + offset.y());
    return m_scratchPainter;
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
bool rowPainted(const QImage& image, int y, int left, int right)
{
    const auto* row = reinterpret_cast<const QRgb*>(image.constScanLine(y));
    for (int x = left; x <= right; ++x)
        if (qAlpha(row[x]) != 0)
            return true;
    return false;
}

bool columnPainted(const QImage& image, int x, int top, int bottom)
{
    const uchar* bits = image.constBits();
    const qsizetype stride = image.bytesPerLine();
    for (int y = top; y <= bottom; ++y)
        if (qAlpha(reinterpret_cast<const QRgb*>(bits + y * stride)[x]) != 0)
            return true;
    return false;
}

// The smallest rectangle holding every pixel of `area` that is not fully transparent, found
// from the edges inwards: most of a sprite is painted, so the scan stops at its first rows
// and columns.
QRect paintedRect(const QImage& image, QSize area)
{
    int top = 0, bottom = area.height() - 1, left = 0, right = area.width() - 1;
    while (top <= bottom && !rowPainted(image, top, left, right))
        ++top;
    if (top > bottom)
        return {};
    while (!rowPainted(image, bottom, left, right))
        --bottom;
    while (!columnPainted(image, left, top, bottom))
        ++left;
    while (!columnPainted(image, right, top, bottom))
        --right;
    return QRect(QPoint(left, top), QPoint(right, bottom));
}
} // namespace

const SpriteCache::Sprite* SpriteCache::endSprite(const QString& key, QPointF offset)
{
    m_scratchPainter.end();
    ++m_misses;
    const QRect used = paintedRect(m_scratch, m_scratchUsed);
    const qreal dpr = m_scratch.devicePixelRatio();
    Entry& e = m_entries[Key{key, offset.x(), offset.y()}];
    e.sprite.image = used.isEmpty() ? QImage() : m_scratch.copy(used);
    e.sprite.image.setDevicePixelRatio(dpr);
    e.sprite.used = e.sprite.image.rect();
    e.sprite.at = QPointF(used.topLeft()) / dpr - QPointF(kMargin, kMargin);
    m_bytes += size_t(e.sprite.image.sizeInBytes());
    e.lastUsed = m_frame;
    return &e.sprite;
}

} // namespace racescope::ui
