#pragma once
// The colours of an object's life, shared by the list view's boxes and its legend, so the
// two cannot drift apart. Reuse is a life of its own for the reader of the picture (the
// same address now holds a different group), though the core counts it as a generation.

#include "snapshot/snapshot.h"

#include <QColor>
#include <QString>

namespace racescope::ui {

enum class LifeColour : uint8_t { Head, Initialising, Live, Unlinked, Free, Detached, Reused, Count };

QColor lifeColour(LifeColour life);
QString lifeColourName(LifeColour life);
LifeColour lifeColourOf(const GroupObject& object);
QColor srcuIndexColour(int index); // a reader's or a read section's index; grey for none
QColor faultColour();

} // namespace racescope::ui
