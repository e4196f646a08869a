#pragma once
// Pictures that mostly stay the same from one frame to the next (a box with its lines of
// text, a legend, a reader badge), drawn once into a pixmap and blitted from then on.
// Rasterising an antialiased rounded box costs about 30 µs and shaping its text more; a
// blit costs about 1 µs. A sprite is keyed by what it shows, so a box whose content
// changes gets a new picture: a stale one is never drawn.
//
// A sprite is painted at the subpixel offset of the item's position and keeps that offset in
// its key, so the blit at a whole pixel puts every pixel where drawing straight onto the
// widget would have put it (items in a layout keep their place from frame to frame).
//
// Rules: GUI thread only, one cache per view, beginFrame() at the start of every paint event.

#include <QImage>
#include <QPainter>
#include <QString>

#include <cstdint>
#include <unordered_map>
#include <utility>

namespace racescope::ui {

// What a sprite shows, packed into a string without formatting: numbers go in as their
// bits, strings after their length. Formatting a dozen numbers per box with QString::arg
// cost more than blitting the box.
class SpriteKey {
public:
    explicit SpriteKey(char tag) { m_text.reserve(96); m_text += QLatin1Char(tag); }
    SpriteKey& operator<<(double v);
    SpriteKey& operator<<(uint64_t v);
    SpriteKey& operator<<(int v) { return *this << static_cast<uint64_t>(static_cast<uint32_t>(v)); }
    SpriteKey& operator<<(bool v) { return *this << static_cast<uint64_t>(v); }
    SpriteKey& operator<<(const QString& v);
    const QString& text() const { return m_text; }

private:
    QString m_text;
};

class SpriteCache {
public:
    // Room around the item for what is drawn outside it: a 3-pixel pen, antialiasing.
    static constexpr int kMargin = 3;

    // Drops what earlier frames used and this one has not, once the cache holds more than
    // kBudgetBytes; drops everything when the device pixel ratio changes.
    void beginFrame(const QPainter& painter);

    // Draws the sprite for `key` with the item's top-left corner at `at`. When it is not
    // cached, `paint(QPainter&)` draws the item with its top-left corner at (0, 0) into a
    // transparent image of `size` plus kMargin on each side (generous is fine: only the
    // pixels painted are kept for the blit); the painter starts with `painter`'s font and no
    // antialiasing, as a widget's painter does.
    template <typename Paint> void draw(QPainter& painter, QPointF at, QSizeF size, const SpriteKey& key, Paint&& paint)
    {
        draw(painter, at, size, key.text(), std::forward<Paint>(paint));
    }
    template <typename Paint> void draw(QPainter& painter, QPointF at, QSizeF size, const QString& key, Paint&& paint)
    {
        const Placement place = placement(at);
        const Sprite* sprite = find(key, place.offset);
        if (!sprite) {
            paint(beginSprite(size, place.offset, painter.font()));
            sprite = endSprite(key, place.offset);
        }
        if (!sprite->used.isEmpty())
            painter.drawImage(place.origin + sprite->at, sprite->image, sprite->used);
    }

    // Drops every sprite: for a resize, after which boxes are new sizes in new places, so
    // that their memory is reused at once instead of aging out.
    void clear();

    size_t size() const { return m_entries.size(); }
    uint64_t misses() const { return m_misses; } // sprites painted since construction

private:
    struct Placement {
        QPointF origin; // whole pixels
        QPointF offset; // the rest
    };
    struct Key {
        QString text;
        double offsetX = 0, offsetY = 0;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const noexcept;
    };
    struct Sprite {
        QImage image;
        QRect used;  // the pixels painted, in the image's device pixels: all that is blitted
        QPointF at;  // where `used` starts, relative to the item's whole-pixel origin
    };
    struct Entry {
        Sprite sprite;
        uint64_t lastUsed = 0;
    };
    static constexpr size_t kBudgetBytes = 48u << 20;

    static Placement placement(QPointF at);
    // A new sprite is painted into one scratch image, reused (with its paint engine) from
    // sprite to sprite, and copied out cropped: a fresh image and painter per sprite cost
    // as much as the painting.
    QPainter& beginSprite(QSizeF size, QPointF offset, const QFont& font);
    const Sprite* endSprite(const QString& key, QPointF offset);
    const Sprite* find(const QString& key, QPointF offset);

    std::unordered_map<Key, Entry, KeyHash> m_entries;
    QImage m_scratch;
    QPainter m_scratchPainter;
    QSize m_scratchUsed; // device pixels of m_scratch the sprite being painted may use
    size_t m_bytes = 0;
    uint64_t m_frame = 0;
    uint64_t m_misses = 0;
    qreal m_dpr = 0;
};

} // namespace racescope::ui
