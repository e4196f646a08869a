#pragma once
// One colour per task, the same in every panel, so a task is recognised by colour alone.
// Chosen to stay apart on a projector and for the common colour-vision deficiencies
// (Okabe-Ito, then darker variants for tasks past the eighth).

#include <QColor>

namespace racescope::ui {

QColor taskColor(unsigned task);

} // namespace racescope::ui
