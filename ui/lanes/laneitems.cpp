#include "lanes/laneitems.h"

#include <algorithm>

namespace racescope::ui {

namespace {

BoxStyle styleOf(const LaneSpan& s)
{
    switch (s.kind) {
    case SpanKind::ReadSection: return s.detail == 1 ? BoxStyle::Read1 : BoxStyle::Read0;
    case SpanKind::Sleeping:
        return s.detail == 0 ? BoxStyle::SleepHeld0 : s.detail == 1 ? BoxStyle::SleepHeld1 : BoxStyle::Sleep;
    case SpanKind::SrcuStep: return BoxStyle::Step;
    case SpanKind::GracePeriod: return BoxStyle::GracePeriod;
    default: return BoxStyle::Count;
    }
}

} // namespace

LaneItems computeLaneItems(const LaneStore& store, const LaneGeometry& g, const LaneRows& rows)
{
    LaneItems out;
    const size_t styles = static_cast<size_t>(BoxStyle::Count);
    // Index of the last rectangle per (style, lane), to merge sub-pixel neighbours.
    std::vector<int> last(styles * static_cast<size_t>(rows.lanes), -1);
    const double left = g.left, right = g.left + g.width;
    // Half a step of slack each side, so a point at the edge still shows.
    store.forEachIn(g.first - 1, g.last + 1, [&](const LaneSpan& s) {
        ++out.spansSeen;
        if (s.cpu >= rows.lanes)
            return;
        const double laneTop = rows.top + s.cpu * rows.height;
        double x0 = g.mapStepToX(static_cast<double>(s.begin));
        double x1 = g.mapStepToX(static_cast<double>(s.end));
        switch (s.kind) {
        case SpanKind::Evict: out.evictions.push_back({x0, laneTop, laneTop + rows.height, s.address}); return;
        case SpanKind::Free: out.frees.push_back({x0, laneTop, laneTop + rows.height, s.address}); return;
        case SpanKind::Oops: out.oopses.push_back({x0, laneTop, laneTop + rows.height, s.address}); return;
        default: break;
        }
        const BoxStyle style = styleOf(s);
        double top = laneTop + rows.height * kReadTop, bottom = laneTop + rows.height * kReadBottom;
        if (style == BoxStyle::GracePeriod) {
            top = laneTop + 1;
            bottom = laneTop + rows.height - 1;
        } else if (style == BoxStyle::Step) {
            top = laneTop + rows.height * kStepTop;
            bottom = laneTop + rows.height * kStepBottom;
            if (x1 - x0 < kMinStepPixels) {
                const double mid = (x0 + x1) / 2;
                x0 = mid - kMinStepPixels / 2;
                x1 = mid + kMinStepPixels / 2;
            }
        }
        x0 = std::max(x0, left - 2);
        x1 = std::min(std::max(x1, x0 + 1), right + 2);
        if (x1 <= left || x0 >= right)
            return;
        auto& boxes = out.boxes[static_cast<size_t>(style)];
        int& prev = last[static_cast<size_t>(style) * static_cast<size_t>(rows.lanes) + s.cpu];
        if (prev >= 0 && x0 <= boxes[prev].right() + 1 && x1 >= boxes[prev].left() - 1 && style != BoxStyle::Step) {
            boxes[prev].setLeft(std::min(boxes[prev].left(), x0));
            boxes[prev].setRight(std::max(boxes[prev].right(), x1));
            return;
        }
        prev = static_cast<int>(boxes.size());
        boxes.push_back(QRectF(QPointF(x0, top), QPointF(x1, bottom)));
        if (style == BoxStyle::Step)
            out.labels.push_back({QPointF((x0 + x1) / 2, (top + bottom) / 2), x1 - x0, s.detail});
    });
    out.playheadX = g.mapStepToX(static_cast<double>(store.step()));
    return out;
}

} // namespace racescope::ui
