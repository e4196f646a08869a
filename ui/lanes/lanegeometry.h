#pragma once
// The lanes' time axis as a value: which steps are visible and how they map to pixels.
// Zoom keeps the step under the anchor where it is on screen; pan moves by a fraction of
// the visible width; both clamp to [0, end of history] so the view cannot get lost.

#include <cstdint>

namespace racescope::ui {

struct LaneGeometry {
    double first = 0;     // step at the left edge
    double last = 100;    // step at the right edge
    double left = 0;      // pixel of the left edge
    double width = 1000;  // pixels

    double span() const { return last - first; }
    double mapStepToX(double step) const { return left + (step - first) / span() * width; }
    double mapXToStep(double x) const { return first + (x - left) / width * span(); }

    // factor > 1 zooms in (fewer steps visible). The span never drops below kMinSpan steps.
    LaneGeometry zoomed(double factor, double anchorStep) const;
    // fraction of the visible span; positive moves towards later steps.
    LaneGeometry panned(double fraction) const;
    // Keeps [first, last] inside [0, max(end, span)] without changing the span if it fits.
    LaneGeometry clamped(double end) const;

    static constexpr double kMinSpan = 8;
};

} // namespace racescope::ui
