#include "memory/access_fault.h"

namespace racescope {

AccessFaultKind classifyUnmapped(uint64_t address)
{
    if (address < 4096)
        return AccessFaultKind::NullPointer;
    // Canonical addresses have bits 63..47 all equal; anything else traps before paging.
    const uint64_t top = address >> 47;
    if (top != 0 && top != 0x1ffff)
        return AccessFaultKind::GeneralProtection;
    return AccessFaultKind::PagingRequest;
}

std::string_view faultKindName(AccessFaultKind kind)
{
    switch (kind) {
    case AccessFaultKind::None: return "none";
    case AccessFaultKind::NullPointer: return "null-dereference";
    case AccessFaultKind::PagingRequest: return "paging-request";
    case AccessFaultKind::GeneralProtection: return "general-protection";
    case AccessFaultKind::BadFree: return "bad-free";
    case AccessFaultKind::UseAfterFree: return "use-after-free";
    }
    return "unknown";
}

} // namespace racescope
