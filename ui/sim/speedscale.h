#pragma once
// The speed slider's positions as steps per second: 1, 2, 5, 10, 20, 50, ... on a 1-2-5
// scale, so the slow end (where a teacher narrates each step) gets as much travel as the
// fast end; the last position is "as fast as possible" (0).

#include <QString>

namespace racescope::ui::speedscale {

inline constexpr int kUnlimited = 0;

int positions();                     // slider range is 0 .. positions() - 1
int stepsPerSecond(int position);    // kUnlimited at the last position
int positionFor(int stepsPerSecond); // the nearest position at or below; last for kUnlimited
QString label(int stepsPerSecond);   // "20 steps/s", "max"

} // namespace racescope::ui::speedscale
