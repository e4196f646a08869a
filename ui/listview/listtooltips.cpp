#include "listview/listtooltips.h"

#include "machine/function_id.h"
#include "memory/layout.h"

#include <QPainterPathStroker>

namespace racescope::ui {

namespace {

QString hex(uint64_t v) { return QStringLiteral("0x%1").arg(v, 16, 16, QLatin1Char('0')); }

QString pointerName(uint64_t v, const Snapshot& s)
{
    if (v == 0)
        return QStringLiteral("NULL");
    if (v == s.listHead)
        return QStringLiteral("&fsnotify_groups");
    if (v == layout::LIST_POISON1)
        return QStringLiteral("LIST_POISON1");
    if (v == layout::LIST_POISON2)
        return QStringLiteral("LIST_POISON2");
    return hex(v);
}

} // namespace

QString nodeToolTip(const Snapshot& s, const ListLayout& l, int node)
{
    const ListNode& n = l.nodes[node];
    if (n.group < 0)
        return QStringLiteral("<b>fsnotify_groups</b> (static list head) at %1<br>next = %2<br>prev = %3<br>"
                              "global mask 0x%4")
            .arg(hex(n.address), pointerName(s.listOrder.empty() ? s.listHead : s.listOrder.front(), s),
                 pointerName(s.listOrder.empty() ? s.listHead : s.listOrder.back(), s))
            .arg(s.fsnotifyMask, 0, 16);
    const GroupObject& o = s.groups[n.group];
    QString t = QStringLiteral("<b>kmalloc-128 slot %1</b> at %2<br>life: %3, allocation %4")
                    .arg(o.slot)
                    .arg(hex(o.address), QString::fromLatin1(objectLifeName(o.life).data(),
                                                             static_cast<int>(objectLifeName(o.life).size())))
                    .arg(o.generation);
    if (o.life == ObjectLife::Free) {
        t += QStringLiteral("<br>word 0 (was group_list.next, now %1): %2<br>freed at step %3")
                 .arg(s.allocator == AllocatorKind::Slub ? QStringLiteral("SLUB's freelist link") : QStringLiteral("stale"),
                      pointerName(o.next, s))
                 .arg(o.freedAtStep);
    } else {
        t += QStringLiteral("<br>group_list.next = %1<br>group_list.prev = %2<br>mask 0x%3, refcnt %4, group_num %5, "
                            "on_group_list %6, q_len %7")
                 .arg(pointerName(o.next, s), pointerName(o.prev, s))
                 .arg(o.mask, 0, 16)
                 .arg(o.refcnt)
                 .arg(o.groupNum)
                 .arg(o.onGroupList)
                 .arg(o.qLen);
        if (o.life == ObjectLife::Live)
            t += QStringLiteral("<br>position %1 on the list").arg(o.listPosition);
    }
    if (n.faulting)
        t += QStringLiteral("<br><b><font color=red>The oopsing walk loaded its pointer from this object.</font></b>");
    return t;
}

QString arrowToolTip(const Snapshot& s, const ListLayout& l, int arrow)
{
    const ListArrow& a = l.arrows[arrow];
    const uint64_t from = l.nodes[a.from].address;
    QString what;
    switch (a.kind) {
    case ArrowKind::Next: what = QStringLiteral("group_list.next of %1").arg(hex(from)); break;
    case ArrowKind::Prev: what = QStringLiteral("group_list.prev of %1").arg(hex(from)); break;
    case ArrowKind::Freelist: what = QStringLiteral("SLUB freelist link in word 0 of free %1").arg(hex(from)); break;
    }
    QString t = QStringLiteral("<b>%1</b> = %2").arg(what, pointerName(a.value, s));
    if (a.kind == ArrowKind::Freelist)
        t += QStringLiteral("<br>A reader still standing on this object reads this as ->next.");
    if (a.faulting && !s.oopses.empty())
        t += QStringLiteral("<br><b><font color=red>The faulting pointer: the walk followed it and loaded "
                            "pos->next from %1 at step %2.</font></b>")
                 .arg(pointerName(s.oopses.back().address, s))
                 .arg(s.oopses.back().step);
    return t;
}

QString badgeToolTip(const Snapshot& s, const ListLayout& l, int badge)
{
    const ReaderBadge& b = l.markers[badge];
    if (b.reader < 0) {
        const Oops& o = s.oopses.back();
        return QStringLiteral("<b>%1</b> oopsed on CPU %2 at step %3 loading %4")
            .arg(QString::fromStdString(s.tasks[o.task].name))
            .arg(o.cpu)
            .arg(o.step)
            .arg(pointerName(o.address, s));
    }
    const racescope::ReaderMarker& r = s.readers[b.reader];
    const auto fn = functionInfo(r.function).name;
    QString t = QStringLiteral("<b>%1</b> (task %2) on CPU %3 in %4<br>SRCU index %5<br>standing on %6")
                    .arg(QString::fromStdString(s.tasks[r.task].name))
                    .arg(r.task)
                    .arg(r.cpu)
                    .arg(QString::fromLatin1(fn.data(), static_cast<int>(fn.size())))
                    .arg(r.srcuIndex)
                    .arg(pointerName(r.standingOn, s));
    if (b.faulting)
        t += QStringLiteral("<br><b><font color=red>This reader oopsed: it loaded pos->next with pos = %1.</font></b>")
                 .arg(pointerName(r.standingOn, s));
    return t;
}

QString listCaptionText(const Snapshot& s)
{
    return QStringLiteral("fsnotify_groups, as a reader walks it: next above, prev below%1")
        .arg(s.listCorrupt ? QStringLiteral(" (the walk does not return to the head)") : QString());
}

QString poolCaptionText(const Snapshot& s)
{
    return QStringLiteral("kmalloc-128 objects off the list%1")
        .arg(s.allocator == AllocatorKind::Slub ? QStringLiteral(" (dashed: SLUB freelist, the link is word 0)")
                                                : QString());
}

QString oopsCaptionText(const Snapshot& s, const ListLayout& l)
{
    if (s.oopses.empty())
        return {};
    const Oops& o = s.oopses.back();
    const auto bare = [](uint64_t v) { return QString::number(v, 16); };
    const bool viaFreelist = l.faultingArrow >= 0 && l.arrows[size_t(l.faultingArrow)].kind == ArrowKind::Freelist;
    return QStringLiteral("OOPS at step %1: %2 on CPU %3 loaded pos->next with pos = %4, read from word 0 of %5%6")
        .arg(o.step)
        .arg(QString::fromStdString(s.tasks[o.task].name))
        .arg(o.cpu)
        .arg(o.address == 0 ? QStringLiteral("NULL") : bare(o.address))
        .arg(bare(o.pointerSource))
        .arg(viaFreelist ? QStringLiteral(", a freed object whose ->next is SLUB's freelist link") : QString());
}

QString toolTipAt(const Snapshot& s, const ListLayout& l, QPointF pos)
{
    for (size_t i = l.markers.size(); i-- > 0;)
        if (l.markers[i].rect.contains(pos))
            return badgeToolTip(s, l, static_cast<int>(i));
    for (size_t i = 0; i < l.nodes.size(); ++i)
        if (l.nodes[i].rect.contains(pos))
            return nodeToolTip(s, l, static_cast<int>(i));
    QPainterPathStroker stroker;
    stroker.setWidth(7);
    for (size_t i = 0; i < l.arrows.size(); ++i)
        if (l.arrows[i].path.controlPointRect().adjusted(-4, -4, 4, 4).contains(pos) &&
            stroker.createStroke(l.arrows[i].path).contains(pos))
            return arrowToolTip(s, l, static_cast<int>(i));
    if (l.listCaption.contains(pos))
        return listCaptionText(s);
    if (l.poolCaption.contains(pos))
        return poolCaptionText(s);
    if (l.oopsArea.contains(pos))
        return oopsCaptionText(s, l);
    return {};
}

} // namespace racescope::ui
