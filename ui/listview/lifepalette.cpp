#include "listview/lifepalette.h"

namespace racescope::ui {

QColor lifeColour(LifeColour life)
{
    switch (life) {
    case LifeColour::Head: return {0xdf, 0xe9, 0xf7};
    case LifeColour::Initialising: return {0xf6, 0xe7, 0xa1};
    case LifeColour::Live: return {0xa8, 0xdb, 0xa5};
    case LifeColour::Unlinked: return {0xf5, 0xb9, 0x71};
    case LifeColour::Free: return {0xd4, 0xd4, 0xd4};
    case LifeColour::Detached: return {0xd3, 0xb6, 0xe6};
    case LifeColour::Reused: return {0x8f, 0xc1, 0xe9};
    case LifeColour::Count: break;
    }
    return Qt::white;
}

QString lifeColourName(LifeColour life)
{
    switch (life) {
    case LifeColour::Head: return QStringLiteral("list head");
    case LifeColour::Initialising: return QStringLiteral("initialising");
    case LifeColour::Live: return QStringLiteral("live");
    case LifeColour::Unlinked: return QStringLiteral("unlinked, waiting for a grace period");
    case LifeColour::Free: return QStringLiteral("freed");
    case LifeColour::Detached: return QStringLiteral("detached");
    case LifeColour::Reused: return QStringLiteral("reused (live again at a freed address)");
    case LifeColour::Count: break;
    }
    return {};
}

LifeColour lifeColourOf(const GroupObject& o)
{
    switch (o.life) {
    case ObjectLife::Free: return LifeColour::Free;
    case ObjectLife::Initialising: return LifeColour::Initialising;
    case ObjectLife::Live: return o.generation > 1 ? LifeColour::Reused : LifeColour::Live;
    case ObjectLife::Unlinked: return LifeColour::Unlinked;
    case ObjectLife::Detached: return LifeColour::Detached;
    }
    return LifeColour::Free;
}

QColor srcuIndexColour(int index)
{
    if (index == 0)
        return {0x2f, 0x6f, 0xc8};
    if (index == 1)
        return {0xe0, 0x7b, 0x24};
    return {0x80, 0x80, 0x80};
}

QColor faultColour() { return {0xd0, 0x10, 0x10}; }

} // namespace racescope::ui
