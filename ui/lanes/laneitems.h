#pragma once
// What the lanes draw for one visible range, as batches: rectangles grouped by style,
// step labels, ticks. Computed from the store and the geometry without a painter, so that
// the painter issues a handful of drawRects calls however many spans are visible, and
// spans narrower than a pixel merge with their neighbours instead of piling up.

#include "lanes/lanegeometry.h"
#include "lanes/lanestore.h"

#include <QPointF>
#include <QRectF>

#include <array>
#include <vector>

namespace racescope::ui {

struct LaneRows {
    double top = 0;    // pixel of CPU 0's top edge
    double height = 20; // pixels per lane
    int lanes = 1;
};

enum class BoxStyle : uint8_t { GracePeriod, Read0, Read1, SleepHeld0, SleepHeld1, Sleep, Step, Count };

struct StepLabel {
    QPointF center;
    double width = 0; // the box it labels; the painter skips labels that would not fit
    int step = 0;
};

struct Tick {
    double x = 0;
    double top = 0, bottom = 0;
    uint64_t address = 0;
};

struct LaneItems {
    std::array<std::vector<QRectF>, static_cast<size_t>(BoxStyle::Count)> boxes;
    std::vector<StepLabel> labels;
    std::vector<Tick> evictions, frees, oopses;
    double playheadX = 0;
    size_t spansSeen = 0;
};

LaneItems computeLaneItems(const LaneStore& store, const LaneGeometry& geometry, const LaneRows& rows);

// Each lane's sub-bands, as fractions of its height (shared with hit testing).
inline constexpr double kReadTop = 0.10, kReadBottom = 0.52, kStepTop = 0.58, kStepBottom = 0.92;
inline constexpr double kMinStepPixels = 3; // a zero-length SrcuStep is still visible

} // namespace racescope::ui
