#include "sim/taskpalette.h"

#include <array>

namespace racescope::ui {

QColor taskColor(unsigned task)
{
    static constexpr std::array<QRgb, 8> kColors = {0xE69F00, 0x56B4E9, 0x009E73, 0xCC79A7,
                                                    0x0072B2, 0xD55E00, 0xF0E442, 0x999999};
    const QColor base = QColor::fromRgb(kColors[task % kColors.size()]);
    return task < kColors.size() ? base : base.darker(100 + 40 * int(task / kColors.size()));
}

} // namespace racescope::ui
