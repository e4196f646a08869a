#include "listview/listpainter.h"

#include "listview/lifepalette.h"
#include "listview/listtooltips.h"
#include "paint/layercache.h"
#include "paint/spritecache.h"
#include "paint/textlayouts.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <QFontMetricsF>

namespace racescope::ui {

namespace {

constexpr double kCaptionIndent = 8;

QString hex(uint64_t v) { return QStringLiteral("%1").arg(v, 0, 16); }

// The tip of an arrow as a triangle, appended to `heads` so all tips of one colour fill in
// one call. arrowPath ends vertically (its last control point sits straight above or below
// the tip), so the tip points down into a box's top edge, or up into its bottom edge.
void addArrowHead(QPainterPath& heads, QPointF tip, double lift, ArrowKind kind, double size)
{
    const double dir = (kind == ArrowKind::Prev ? -1.0 : 1.0) * (lift >= 0 ? 1.0 : -1.0);
    const QPointF base = tip - QPointF(0, dir * size);
    heads.addPolygon(QPolygonF({tip, base + QPointF(size * 0.45, 0), base - QPointF(size * 0.45, 0), tip}));
}

QFont legendFont(QFont base)
{
    base.setPixelSize(11);
    return base;
}

void drawLegend(QPainter& p, const std::vector<QRectF>& entries)
{
    p.setFont(legendFont(p.font()));
    for (size_t i = 0; i < entries.size() && i < static_cast<size_t>(LifeColour::Count); ++i) {
        const auto life = static_cast<LifeColour>(i);
        const QPointF at = entries[i].topLeft();
        p.setPen(QColor(0x60, 0x60, 0x60));
        p.setBrush(lifeColour(life));
        p.drawRect(QRectF(at.x(), at.y() + 5, 11, 11));
        p.setPen(Qt::black);
        p.drawText(at + QPointF(14, 15), lifeColourName(life));
    }
}

// Everything a box shows, as plain values: the sprite is keyed by these, and the box's
// text is made from them alone, so the key cannot miss a change in what is drawn.
struct NodeFacts {
    uint64_t address = 0, next = 0;
    uint32_t fsnotifyMask = 0, mask = 0, refcnt = 0, groupNum = 0, onGroupList = 0, qLen = 0, generation = 0;
    LifeColour life = LifeColour::Head;
    bool head = false, free = false, faulting = false, reused = false;
    int px = 0;          // font size
    bool lines = false;  // room for the lines under the title
};

NodeFacts nodeFacts(const Snapshot& s, const ListNode& n, double scale)
{
    NodeFacts f;
    f.address = n.address;
    f.faulting = n.faulting;
    f.reused = n.reused;
    f.px = std::max(6, static_cast<int>(std::lround(10 * scale)));
    f.lines = scale >= 0.45; // below that they would not fit: the tooltip has them
    const GroupObject* o = n.group >= 0 ? &s.groups[n.group] : nullptr;
    f.head = !o;
    if (!o) {
        f.fsnotifyMask = s.fsnotifyMask;
        return f;
    }
    f.life = lifeColourOf(*o);
    f.free = o->life == ObjectLife::Free;
    f.next = o->next;
    f.mask = o->mask;
    f.refcnt = o->refcnt;
    f.groupNum = o->groupNum;
    f.onGroupList = o->onGroupList;
    f.qLen = o->qLen;
    f.generation = o->generation;
    return f;
}

SpriteKey nodeKey(const NodeFacts& f, QSizeF size)
{
    SpriteKey k('n');
    k << f.address << f.next << uint64_t(f.fsnotifyMask) << uint64_t(f.mask) << uint64_t(f.refcnt) << uint64_t(f.groupNum)
      << uint64_t(f.onGroupList) << uint64_t(f.qLen) << uint64_t(f.generation) << int(f.life) << f.head << f.free
      << f.faulting << f.reused << f.px << f.lines << size.width() << size.height();
    return k;
}

// The box's text below its title (the address); none when boxes are small.
QStringList nodeLines(const NodeFacts& f)
{
    if (!f.lines)
        return {};
    if (f.head)
        return {hex(f.address), QStringLiteral("global mask %1").arg(f.fsnotifyMask, 0, 16)};
    if (f.free)
        return {QStringLiteral("free, gen %1").arg(f.generation), QStringLiteral("word 0: %1").arg(hex(f.next))};
    return {QStringLiteral("mask %1  ref %2").arg(f.mask, 0, 16).arg(f.refcnt),
            QStringLiteral("num %1  on_list %2").arg(f.groupNum).arg(f.onGroupList),
            f.generation > 1 ? QStringLiteral("gen %1  q %2").arg(f.generation).arg(f.qLen)
                             : QStringLiteral("q %1").arg(f.qLen)};
}

// A box with its title and lines, as one sprite: from one frame to the next most boxes are
// unchanged and cost a blit.
void drawNode(QPainter& p, SpriteCache& sprites, TextLayouts& texts, const QFont& base, const Snapshot& s,
              const ListNode& n, double scale)
{
    const NodeFacts facts = nodeFacts(s, n, scale);
    // Text is not clipped to its box: room for it to run over, as drawn onto the widget.
    sprites.draw(p, n.rect.topLeft(), n.rect.size() + QSizeF(32, 0), nodeKey(facts, n.rect.size()), [&](QPainter& sp) {
        QPen pen = facts.faulting ? QPen(faultColour(), 3) : QPen(QColor(0x50, 0x50, 0x50), facts.reused ? 2 : 1);
        pen.setCosmetic(true);
        sp.setRenderHint(QPainter::Antialiasing, true);
        sp.setBrush(lifeColour(facts.life));
        sp.setPen(pen);
        sp.drawRoundedRect(QRectF(QPointF(0, 0), n.rect.size()), 4, 4);
        const double lh = facts.px + 2;
        QFont f = base;
        f.setPixelSize(facts.px);
        f.setBold(true);
        sp.setFont(f);
        sp.setPen(Qt::black);
        texts.draw(sp, QPointF(4, 2), facts.head ? QStringLiteral("fsnotify_groups") : hex(facts.address));
        f.setBold(false);
        sp.setFont(f);
        const QStringList lines = nodeLines(facts);
        for (int i = 0; i < lines.size(); ++i)
            texts.draw(sp, QPointF(4, 2 + (i + 1) * lh), lines[i]);
    });
}

QColor arrowColour(const ListArrow& a)
{
    if (a.faulting || a.walked)
        return faultColour();
    switch (a.kind) {
    case ArrowKind::Next: return {0x20, 0x20, 0x20};
    case ArrowKind::Prev: return {0x70, 0x70, 0xa0};
    case ArrowKind::Freelist: return {0x88, 0x88, 0x88};
    }
    return Qt::black;
}

void drawArrow(QPainter& p, const ListArrow& a, const QPainterPath& path, double scale, double viewWidth)
{
    const QColor c = arrowColour(a);
    QPen pen(c, a.faulting ? 3 : a.walked ? 2 : 1.3);
    if (a.kind == ArrowKind::Freelist)
        pen.setStyle(Qt::DashLine);
    pen.setCosmetic(true);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    QPainterPath head;
    addArrowHead(head, path.pointAtPercent(1.0), a.lift, a.kind, (a.faulting ? 11 : 8) * std::max(0.6, scale));
    p.fillPath(head, c);
    if (a.end == ArrowEnd::Node)
        return;
    QFont f = p.font();
    f.setPixelSize(std::max(8, static_cast<int>(std::lround((a.faulting ? 13 : 10) * scale))));
    f.setBold(a.faulting);
    p.setFont(f);
    p.setPen(c);
    const QString label = a.end == ArrowEnd::Null ? QStringLiteral("NULL") : hex(a.value);
    const QPointF tip = path.pointAtPercent(1.0);
    const double x = stubLabelLeft(tip.x(), QFontMetricsF(f).horizontalAdvance(label), viewWidth);
    p.drawText(QPointF(x, tip.y() - 2), label);
}

void drawBadge(QPainter& p, SpriteCache& sprites, const QFont& base, const Snapshot& s, const ReaderBadge& b, double scale)
{
    int index = -1;
    QString label;
    if (b.reader >= 0) {
        const racescope::ReaderMarker& r = s.readers[b.reader];
        index = r.srcuIndex;
        label = QStringLiteral("%1/cpu%2 i%3").arg(QString::fromStdString(s.tasks[r.task].name)).arg(r.cpu).arg(r.srcuIndex);
    } else if (!s.oopses.empty()) {
        const Oops& o = s.oopses.back();
        label = QStringLiteral("%1/cpu%2 OOPS").arg(QString::fromStdString(s.tasks[o.task].name)).arg(o.cpu);
    }
    if (b.faulting)
        label = QStringLiteral("\u26a0 ") + label;
    const int px = std::max(7, static_cast<int>(std::lround(9 * scale)));
    SpriteKey key('b');
    key << b.faulting << index << px << b.rect.width() << b.rect.height() << label;
    sprites.draw(p, b.rect.topLeft(), b.rect.size(), key, [&](QPainter& sp) {
        const QRectF r(QPointF(0, 0), b.rect.size());
        sp.setRenderHint(QPainter::Antialiasing, true);
        sp.setPen(b.faulting ? QPen(Qt::black, 2) : QPen(Qt::white, 1));
        sp.setBrush(b.faulting ? faultColour() : srcuIndexColour(index));
        sp.drawRoundedRect(r, 3, 3);
        QFont f = base;
        f.setPixelSize(px);
        f.setBold(true);
        sp.setFont(f);
        sp.setPen(Qt::white);
        sp.drawText(r.adjusted(2, 0, -1, 0), Qt::AlignLeft | Qt::AlignVCenter,
                    sp.fontMetrics().elidedText(label, Qt::ElideRight, static_cast<int>(r.width() - 3)));
    });
}

// One line that says what happened, under the list, in the words of the seed's report.
void drawOopsCaption(QPainter& p, const Snapshot& s, const ListLayout& l)
{
    const QString text = oopsCaptionText(s, l);
    if (text.isEmpty())
        return;
    QFont f = p.font();
    f.setPixelSize(13);
    f.setBold(true);
    f.setItalic(false);
    p.setFont(f);
    // Wrapped to the view's width, so that the whole sentence shows in a narrow dock; one
    // elided line (the tooltip has the rest) when the view is too short even for that.
    const QRectF area = l.oopsArea;
    const QRectF textArea = area.adjusted(6, 3, -6, -3);
    const QRectF wrapped = p.fontMetrics().boundingRect(textArea.toRect(), Qt::TextWordWrap, text);
    const bool fits = wrapped.height() <= textArea.height();
    const double height = fits ? wrapped.height() + 6 : std::min(22.0, area.height());
    const QRectF r(area.left(), area.top(), area.width(), height);
    p.setPen(Qt::NoPen);
    p.setBrush(faultColour());
    p.drawRoundedRect(r, 4, 4);
    p.setPen(Qt::white);
    if (fits)
        p.drawText(r.adjusted(6, 3, -6, -3), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, text);
    else
        p.drawText(r.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(text, Qt::ElideRight, static_cast<int>(r.width() - 12)));
}

} // namespace

// The plain arrows as the layer draws them: any change to one of them repaints the layer.
struct PlainArrow {
    double tailX, tailY, headX, headY, lift;
    ArrowKind kind;
    bool operator==(const PlainArrow&) const = default;
};

struct PlainArrows {
    std::vector<PlainArrow> arrows;
    double headSize = 0;
    bool operator==(const PlainArrows&) const = default;
};

struct ListPaintCache::Impl {
    SpriteCache sprites;
    TextLayouts texts;
    LayerCache<PlainArrows> arrows;
};

ListPaintCache::ListPaintCache() : m_impl(std::make_unique<Impl>()) {}
ListPaintCache::~ListPaintCache() = default;
void ListPaintCache::clear() { m_impl->sprites.clear(); }
size_t ListPaintCache::sprites() const { return m_impl->sprites.size(); }
uint64_t ListPaintCache::spritesPainted() const { return m_impl->sprites.misses(); }
unsigned ListPaintCache::arrowLayerRepaints() const { return m_impl->arrows.repaints(); }

void paintListLayout(QPainter& p, const Snapshot& s, const ListLayout& l, const ArrowSwing& swing, ListPaintCache& cache)
{
    SpriteCache& sprites = cache.m_impl->sprites;
    sprites.beginFrame(p);
    const QFont base = p.font();
    p.setRenderHint(QPainter::Antialiasing, true);
    const double scale = l.boxSize.height() / 84.0;
    const double width = l.listBand.width();
    const double legendHeight = l.listBand.top();
    sprites.draw(p, QPointF(0, 0), QSizeF(width, legendHeight), SpriteKey('l') << width << legendHeight,
                 [&](QPainter& sp) {
                     sp.setRenderHint(QPainter::Antialiasing, true);
                     drawLegend(sp, l.legend);
                 });
    // A band's caption; the pool's comes with the dotted rule that separates it from the list.
    const QSizeF captionSize(width, l.listCaption.height());
    auto caption = [&](double top, const QString& text, bool rule) {
        sprites.draw(p, QPointF(0, top), captionSize, SpriteKey('c') << text << rule << width, [&](QPainter& sp) {
            sp.setRenderHint(QPainter::Antialiasing, true);
            QFont f = base;
            f.setPixelSize(11);
            f.setItalic(true);
            sp.setFont(f);
            sp.setPen(QColor(0x40, 0x40, 0x40));
            // A narrow dock would cut the caption off mid-word; elided, it shows there is
            // more, and the tooltip over it has the rest.
            sp.drawText(QPointF(kCaptionIndent, 12),
                        QFontMetricsF(f).elidedText(text, Qt::ElideRight, width - 2 * kCaptionIndent));
            if (!rule)
                return;
            sp.setPen(QPen(QColor(0xc0, 0xc0, 0xc0), 1, Qt::DotLine));
            sp.drawLine(QPointF(0, 0), QPointF(width, 0));
        });
    };
    caption(l.listCaption.top(), listCaptionText(s), false);
    caption(l.poolCaption.top(), poolCaptionText(s), true);

    for (const ListNode& n : l.nodes)
        drawNode(p, sprites, cache.m_impl->texts, base, s, n, scale);

    // Plain arrows all look alike and seldom change (only when the list does): they live in
    // a layer repainted when one of them moves. Arrows that need their own look (the
    // faulting one, the oopsed walk, one that is swinging) are drawn singly, last, so that
    // nothing covers them.
    PlainArrows plain;
    plain.headSize = 8 * std::max(0.6, scale);
    plain.arrows.reserve(l.arrows.size());
    std::vector<size_t> special;
    for (size_t i = 0; i < l.arrows.size(); ++i) {
        const ListArrow& a = l.arrows[i];
        const bool swinging = swing.t < 1 && i < swing.from.size() && !std::isnan(swing.from[i].x());
        if (a.faulting || a.walked || swinging || a.end != ArrowEnd::Node)
            special.push_back(i);
        else
            plain.arrows.push_back({a.tail.x(), a.tail.y(), a.head.x(), a.head.y(), a.lift, a.kind});
    }
    const QSize area(static_cast<int>(std::ceil(width)), static_cast<int>(std::ceil(l.poolBand.bottom())));
    cache.m_impl->arrows.draw(p, area, plain, [&](QPainter& lp) {
        std::array<QPainterPath, 3> lines, heads;
        for (const PlainArrow& a : plain.arrows) {
            const auto k = static_cast<size_t>(a.kind);
            const QPointF tail(a.tailX, a.tailY), head(a.headX, a.headY);
            lines[k].addPath(arrowPath(a.kind, tail, head, a.lift));
            addArrowHead(heads[k], head, a.lift, a.kind, plain.headSize);
        }
        for (size_t k = 0; k < lines.size(); ++k) {
            ListArrow style;
            style.kind = static_cast<ArrowKind>(k);
            QPen pen(arrowColour(style), 1.3);
            if (style.kind == ArrowKind::Freelist)
                pen.setStyle(Qt::DashLine);
            // Aliased: antialiased curves cost about 0.2 ms each in the raster engine, and
            // the arrows that matter for the crash keep antialiasing below.
            pen.setCosmetic(true);
            lp.setRenderHint(QPainter::Antialiasing, false);
            lp.strokePath(lines[k], pen);
            lp.setRenderHint(QPainter::Antialiasing, true);
            lp.fillPath(heads[k], arrowColour(style));
        }
    });
    std::stable_sort(special.begin(), special.end(),
                     [&](size_t a, size_t b) { return !l.arrows[a].faulting && l.arrows[b].faulting; });
    p.setFont(base);
    for (size_t i : special) {
        const ListArrow& a = l.arrows[i];
        const bool swinging = swing.t < 1 && i < swing.from.size() && !std::isnan(swing.from[i].x());
        const QPointF head = swinging ? swing.from[i] + (a.head - swing.from[i]) * swing.t : a.head;
        drawArrow(p, a, swinging ? arrowPath(a.kind, a.tail, head, a.lift) : a.path, scale, width);
    }
    for (const ReaderBadge& b : l.markers)
        drawBadge(p, sprites, base, s, b, scale);
    drawOopsCaption(p, s, l);
}

double stubLabelLeft(double tipX, double labelWidth, double viewWidth)
{
    constexpr double gap = 3;
    // Right of the tip, unless that runs past the view: the last column's NULL was cut off.
    return tipX + gap + labelWidth <= viewWidth ? tipX + gap : std::max(0.0, tipX - gap - labelWidth);
}

std::vector<double> legendEntryWidths(const QFont& base)
{
    const QFontMetricsF metrics(legendFont(base));
    std::vector<double> widths;
    for (int i = 0; i < static_cast<int>(LifeColour::Count); ++i)
        widths.push_back(14 + metrics.horizontalAdvance(lifeColourName(static_cast<LifeColour>(i))) + 12);
    return widths;
}

} // namespace racescope::ui
