#include "faults/scribble.h"

#include "memory/layout.h"

#include <vector>

namespace racescope {

uint64_t scribbleStep(Rng& rng) { return 200 + rng.below(2000); }

Scribble scribble(Bus& bus, Rng& rng, bool bitFlip)
{
    Memory& mem = bus.memory();
    std::vector<uint64_t> words = {layout::fsnotify_groups, layout::fsnotify_groups + 8};
    uint64_t pos = mem.load(layout::fsnotify_groups, 8).value;
    for (int guard = 0; pos != layout::fsnotify_groups && guard < 256 && mem.isMapped(pos, 48); ++guard) {
        for (uint64_t off = 0; off < 48; off += 8)
            words.push_back(pos + off);
        pos = mem.load(pos, 8).value;
    }
    Scribble s;
    s.step = bus.context.step;
    s.address = words[rng.below(static_cast<uint32_t>(words.size()))];
    s.before = mem.load(s.address, 8).value;
    if (bitFlip)
        s.after = s.before ^ (1ull << rng.below(64));
    else
        s.after = rng.chance(500) ? 0 : rng.next();
    bus.store(s.address, 8, s.after);
    return s;
}

} // namespace racescope
