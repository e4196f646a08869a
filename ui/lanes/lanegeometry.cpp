#include "lanes/lanegeometry.h"

#include <algorithm>

namespace racescope::ui {

LaneGeometry LaneGeometry::zoomed(double factor, double anchorStep) const
{
    LaneGeometry g = *this;
    const double newSpan = std::max(kMinSpan, span() / factor);
    const double ratio = span() > 0 ? (anchorStep - first) / span() : 0.5;
    g.first = anchorStep - ratio * newSpan;
    g.last = g.first + newSpan;
    return g;
}

LaneGeometry LaneGeometry::panned(double fraction) const
{
    LaneGeometry g = *this;
    const double d = fraction * span();
    g.first += d;
    g.last += d;
    return g;
}

LaneGeometry LaneGeometry::clamped(double end) const
{
    LaneGeometry g = *this;
    const double s = span();
    if (g.first < 0) {
        g.first = 0;
        g.last = s;
    }
    const double limit = std::max(end, s);
    if (g.last > limit) {
        g.last = limit;
        g.first = limit - s;
    }
    return g;
}

} // namespace racescope::ui
