#pragma once
// Why a simulated load or store failed, classified as the x86-64 kernel would report it.

#include <cstdint>
#include <string_view>

namespace racescope {

enum class AccessFaultKind : uint8_t {
    None,
    NullPointer,       // an address in page 0
    PagingRequest,     // canonical but unmapped, e.g. LIST_POISON1
    GeneralProtection, // non-canonical, e.g. 0x6b6b6b6b6b6b6b6b
    BadFree,           // kfree of something that is no slab object: kernel BUG in the allocator
    UseAfterFree,      // KASAN: an access to a free slab object (only with the KASAN switch)
};

// Classifies an address that no region maps.
AccessFaultKind classifyUnmapped(uint64_t address);

std::string_view faultKindName(AccessFaultKind kind);

} // namespace racescope
