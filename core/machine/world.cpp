#include "machine/world.h"

#include <array>

namespace racescope {

namespace {
constexpr std::array<std::string_view, static_cast<size_t>(OpKind::Count)> kOpNames = {
    "unlink", "create", "open", "modify", "access", "inotify_init", "close", "read",
};
}

std::string_view opName(OpKind kind) { return kOpNames[static_cast<size_t>(kind)]; }

bool opFromName(std::string_view name, OpKind& out)
{
    for (size_t i = 0; i < kOpNames.size(); ++i) {
        if (kOpNames[i] == name) {
            out = static_cast<OpKind>(i);
            return true;
        }
    }
    return false;
}

} // namespace racescope
