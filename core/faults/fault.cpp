#include "faults/fault.h"

#include <array>

namespace racescope {

namespace {
constexpr std::array<FaultInfo, static_cast<size_t>(FaultId::Count)> kCatalogue = {{
    {FaultId::EarlyFree, "early-free",
     "fsnotify_put_group frees the group without waiting for SRCU readers",
     "fsnotify_put_group skips synchronize_srcu() between list_del_rcu() and kfree()",
     "SLUB: a reader standing on the group walks the freelist to NULL: NULL dereference at "
     "fsnotify+0x93 (the seed's oops)",
     "seed"},
}};
} // namespace

std::span<const FaultInfo> faultCatalogue() { return kCatalogue; }

std::optional<FaultId> faultFromName(std::string_view name)
{
    for (const FaultInfo& f : kCatalogue) {
        if (f.name == name)
            return f.id;
    }
    return std::nullopt;
}

const FaultInfo& faultInfo(FaultId id) { return kCatalogue[static_cast<size_t>(id)]; }

} // namespace racescope
