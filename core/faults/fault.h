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

// The catalogue of MODEL.md section 7, in its order.
enum class FaultId : uint8_t {
    EarlyFree,          // fsnotify_put_group frees without waiting in synchronize_srcu()
    WrongFlavor,        // ...waits with synchronize_sched() instead
    SrcuSkipFlipWait,   // synchronize_srcu leaves out step 7
    SrcuUnlockWrongIdx, // fsnotify unlocks the other SRCU index
    RefcountUnderflow,  // obtain_group shares a group without taking a reference
    ListDelNotRcu,      // eviction uses list_del()
    KzallocReuse,       // early free, and the next group comes from a zeroing allocation
    StrayWrite,         // a scribble over a word of the list
    BitFlip,            // one flipped bit in a word of the list
    SrcuEarlyExit1,     // synchronize_srcu's step 3 returns after one flip instead of two
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
