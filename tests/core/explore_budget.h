#pragma once
// The time budget of the exhaustive searches in tests: a safety net against a search that
// runs away, not a measure of speed. A proof needs the whole search, and under ASan on a busy
// two-core host the `calm` proof took more than 120 s (it takes a few seconds in a release
// build), so the budget is far above any honest search's time.

namespace racescope::test {
inline constexpr double kSearchSafetyNetSeconds = 1800;
}
