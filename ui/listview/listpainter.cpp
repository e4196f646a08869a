#include "listview/listpainter.h"

#include "listview/cachedtext.h"
#include "listview/lifepalette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace racescope::ui {

namespace {

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

void drawLegend(QPainter& p, const ListLayout& l, double width)
{
    QFont f = p.font();
    f.setPixelSize(11);
    p.setFont(f);
    double x = 8;
    for (int i = 0; i < static_cast<int>(LifeColour::Count); ++i) {
        const auto life = static_cast<LifeColour>(i);
        const QString name = lifeColourName(life);
        const double w = 14 + p.fontMetrics().horizontalAdvance(name) + 12;
        if (x + w > width)
            break;
        p.setPen(QColor(0x60, 0x60, 0x60));
        p.setBrush(lifeColour(life));
        p.drawRect(QRectF(x, 5, 11, 11));
        p.setPen(Qt::black);
        p.drawText(QPointF(x + 14, 15), name);
        x += w;
    }
    Q_UNUSED(l);
}

void drawNodeBox(QPainter& p, const Snapshot& s, const ListNode& n)
{
    const GroupObject* o = n.group >= 0 ? &s.groups[n.group] : nullptr;
    p.setBrush(lifeColour(o ? lifeColourOf(*o) : LifeColour::Head));
    QPen pen = n.faulting ? QPen(faultColour(), 3) : QPen(QColor(0x50, 0x50, 0x50), n.reused ? 2 : 1);
    pen.setCosmetic(true); // a line stroker instead of a filled outline per box
    p.setPen(pen);
    p.drawRoundedRect(n.rect, 4, 4);
}

// The box's text below its title (the address); fewer lines when boxes are small.
QStringList nodeLines(const Snapshot& s, const ListNode& n, double scale)
{
    if (scale < 0.45)
        return {}; // would not fit: the tooltip has them
    const GroupObject* o = n.group >= 0 ? &s.groups[n.group] : nullptr;
    if (!o)
        return {hex(n.address), QStringLiteral("global mask %1").arg(s.fsnotifyMask, 0, 16)};
    if (o->life == ObjectLife::Free)
        return {QStringLiteral("free, gen %1").arg(o->generation), QStringLiteral("word 0: %1").arg(hex(o->next))};
    return {QStringLiteral("mask %1  ref %2").arg(o->mask, 0, 16).arg(o->refcnt),
            QStringLiteral("num %1  on_list %2").arg(o->groupNum).arg(o->onGroupList),
            o->generation > 1 ? QStringLiteral("gen %1  q %2").arg(o->generation).arg(o->qLen)
                              : QStringLiteral("q %1").arg(o->qLen)};
}

// All titles in one font, then all other lines in another: a font change per line cost
// more than the line.
void drawNodeTexts(QPainter& p, const Snapshot& s, const ListLayout& l, double scale)
{
    const int px = std::max(6, static_cast<int>(std::lround(10 * scale)));
    const double lh = px + 2;
    QFont f = p.font();
    f.setPixelSize(px);
    f.setBold(true);
    p.setFont(f);
    p.setPen(Qt::black);
    for (const ListNode& n : l.nodes)
        drawCachedText(p, n.rect.topLeft() + QPointF(4, 2), n.group >= 0 ? hex(n.address) : QStringLiteral("fsnotify_groups"));
    f.setBold(false);
    p.setFont(f);
    for (const ListNode& n : l.nodes) {
        const QStringList lines = nodeLines(s, n, scale);
        for (int i = 0; i < lines.size(); ++i)
            drawCachedText(p, n.rect.topLeft() + QPointF(4, 2 + (i + 1) * lh), lines[i]);
    }
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

void drawArrow(QPainter& p, const ListArrow& a, const QPainterPath& path, double scale)
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
    p.drawText(path.pointAtPercent(1.0) + QPointF(3, -2), label);
}

void drawBadge(QPainter& p, const Snapshot& s, const ReaderBadge& b, double scale)
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
    p.setPen(b.faulting ? QPen(Qt::black, 2) : QPen(Qt::white, 1));
    p.setBrush(b.faulting ? faultColour() : srcuIndexColour(index));
    p.drawRoundedRect(b.rect, 3, 3);
    QFont f = p.font();
    f.setPixelSize(std::max(7, static_cast<int>(std::lround(9 * scale))));
    f.setBold(true);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(b.rect.adjusted(2, 0, -1, 0), Qt::AlignLeft | Qt::AlignVCenter,
               p.fontMetrics().elidedText(label, Qt::ElideRight, static_cast<int>(b.rect.width() - 3)));
}

// One line that says what happened, under the list, in the words of the seed's report.
void drawOopsCaption(QPainter& p, const Snapshot& s, const ListLayout& l)
{
    if (s.oopses.empty())
        return;
    const Oops& o = s.oopses.back();
    QFont f = p.font();
    f.setPixelSize(13);
    f.setBold(true);
    f.setItalic(false);
    p.setFont(f);
    const QString text = QStringLiteral("OOPS at step %1: %2 on CPU %3 loaded pos->next with pos = %4, read from word 0 of %5%6")
                             .arg(o.step)
                             .arg(QString::fromStdString(s.tasks[o.task].name))
                             .arg(o.cpu)
                             .arg(o.address == 0 ? QStringLiteral("NULL") : hex(o.address))
                             .arg(hex(o.pointerSource))
                             .arg(l.faultingArrow >= 0 && l.arrows[l.faultingArrow].kind == ArrowKind::Freelist
                                      ? QStringLiteral(", a freed object whose ->next is SLUB's freelist link")
                                      : QString());
    const QRectF r(4, l.poolBand.bottom() + 4, l.poolBand.width() - 8, 22);
    p.setPen(Qt::NoPen);
    p.setBrush(faultColour());
    p.drawRoundedRect(r, 4, 4);
    p.setPen(Qt::white);
    p.drawText(r.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter,
               p.fontMetrics().elidedText(text, Qt::ElideRight, static_cast<int>(r.width() - 12)));
}

} // namespace

void paintListLayout(QPainter& p, const Snapshot& s, const ListLayout& l, const ArrowSwing& swing)
{
    p.setRenderHint(QPainter::Antialiasing, true);
    const double scale = l.boxSize.height() / 84.0;
    drawLegend(p, l, l.listBand.width());
    QFont f = p.font();
    f.setPixelSize(11);
    f.setItalic(true);
    p.setFont(f);
    p.setPen(QColor(0x40, 0x40, 0x40));
    p.drawText(QPointF(8, l.listBand.top() + 12),
               QStringLiteral("fsnotify_groups, as a reader walks it: next above, prev below%1")
                   .arg(s.listCorrupt ? QStringLiteral(" (the walk does not return to the head)") : QString()));
    p.drawText(QPointF(8, l.poolBand.top() + 12), QStringLiteral("kmalloc-128 objects off the list%1")
                                                       .arg(s.allocator == AllocatorKind::Slub
                                                                ? QStringLiteral(" (dashed: SLUB freelist, the link is word 0)")
                                                                : QString()));
    f.setItalic(false);
    p.setFont(f);
    p.setPen(QPen(QColor(0xc0, 0xc0, 0xc0), 1, Qt::DotLine));
    p.drawLine(QPointF(0, l.poolBand.top()), QPointF(l.poolBand.right(), l.poolBand.top()));

    for (const ListNode& n : l.nodes)
        drawNodeBox(p, s, n);
    drawNodeTexts(p, s, l, scale);
    // Plain arrows of one kind go out as one path and one fill of tips: a list of 64
    // groups has some 200 arrows, and a stroke call each dominated the frame. Arrows that
    // need their own look (the faulting one, the oopsed walk, one that is swinging) are
    // drawn singly, last, so that nothing covers them.
    std::array<QPainterPath, 3> lines, heads;
    std::vector<size_t> special;
    const double headSize = 8 * std::max(0.6, scale);
    for (size_t i = 0; i < l.arrows.size(); ++i) {
        const ListArrow& a = l.arrows[i];
        const bool swinging = swing.t < 1 && i < swing.from.size() && !std::isnan(swing.from[i].x());
        if (a.faulting || a.walked || swinging || a.end != ArrowEnd::Node) {
            special.push_back(i);
            continue;
        }
        const auto k = static_cast<size_t>(a.kind);
        lines[k].addPath(a.path);
        addArrowHead(heads[k], a.head, a.lift, a.kind, headSize);
    }
    for (size_t k = 0; k < lines.size(); ++k) {
        ListArrow style;
        style.kind = static_cast<ArrowKind>(k);
        QPen pen(arrowColour(style), 1.3);
        if (style.kind == ArrowKind::Freelist)
            pen.setStyle(Qt::DashLine);
        // Antialiased curves cost about 0.2 ms each in the raster engine (13 ms for the 65
        // next arrows of 64 groups); aliased cosmetic ones take a fast line drawer. The
        // arrows that matter for the crash keep antialiasing below.
        pen.setCosmetic(true);
        p.setRenderHint(QPainter::Antialiasing, false);
        p.strokePath(lines[k], pen);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.fillPath(heads[k], arrowColour(style));
    }
    std::stable_sort(special.begin(), special.end(),
                     [&](size_t a, size_t b) { return !l.arrows[a].faulting && l.arrows[b].faulting; });
    for (size_t i : special) {
        const ListArrow& a = l.arrows[i];
        const bool swinging = swing.t < 1 && i < swing.from.size() && !std::isnan(swing.from[i].x());
        const QPointF head = swinging ? swing.from[i] + (a.head - swing.from[i]) * swing.t : a.head;
        drawArrow(p, a, swinging ? arrowPath(a.kind, a.tail, head, a.lift) : a.path, scale);
    }
    for (const ReaderBadge& b : l.markers)
        drawBadge(p, s, b, scale);
    drawOopsCaption(p, s, l);
}

} // namespace racescope::ui
