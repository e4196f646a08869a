#pragma once
// Fault switches: each one changes the modelled kernel code at the place where the
// mechanism lives (MODEL.md section 7). Nothing here writes a crash into a result; a
// switched-on fault only alters what the simulated code does, and the crash, if any,
// follows from memory.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace racescope {

enum class FaultId : uint8_t {
    EarlyFree, // fsnotify_put_group frees without waiting in synchronize_srcu()
    Count
};

struct FaultInfo {
    FaultId id;
    std::string_view name;        // the catalogue's id, e.g. "early-free"
    std::string_view description; // one line
    std::string_view mechanism;   // where the model's code changes
    std::string_view signature;   // what a reader then sees
    std::string_view scenario;    // the built-in scenario that shows it best
};

std::span<const FaultInfo> faultCatalogue();
std::optional<FaultId> faultFromName(std::string_view name);
const FaultInfo& faultInfo(FaultId id);

class FaultSet {
public:
    bool has(FaultId id) const { return m_bits & bit(id); }
    void set(FaultId id) { m_bits |= bit(id); }
    bool empty() const { return m_bits == 0; }
    uint32_t bits() const { return m_bits; }
    bool operator==(const FaultSet&) const = default;

private:
    static uint32_t bit(FaultId id) { return 1u << static_cast<unsigned>(id); }
    uint32_t m_bits = 0;
};

} // namespace racescope
