#include "sim/speedscale.h"

#include <array>

namespace racescope::ui::speedscale {

namespace {
constexpr std::array<int, 16> kSteps = {1,    2,    5,     10,    20,    50,     100,    200,
                                        500,  1000, 2000,  5000,  10000, 20000,  50000,  100000};
} // namespace

int positions() { return int(kSteps.size()) + 1; }

int stepsPerSecond(int position)
{
    if (position < 0)
        return kSteps.front();
    if (position >= int(kSteps.size()))
        return kUnlimited;
    return kSteps[size_t(position)];
}

int positionFor(int steps)
{
    if (steps <= kUnlimited || steps > kSteps.back())
        return int(kSteps.size());
    int best = 0;
    for (size_t i = 0; i < kSteps.size(); ++i) {
        if (kSteps[i] <= steps)
            best = int(i);
    }
    return best;
}

QString label(int steps)
{
    if (steps == kUnlimited)
        return QStringLiteral("max");
    return QStringLiteral("%1 step%2/s").arg(steps).arg(steps == 1 ? "" : "s");
}

} // namespace racescope::ui::speedscale
