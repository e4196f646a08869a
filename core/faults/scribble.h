#pragma once
// stray-write and bit-flip: the maintainer's last guess, "something scribbling in random
// memory it didn't own". Once, at a step drawn from the fault seed, one word of the list
// head or of a group on the list is overwritten or has one bit flipped. The write goes
// through the bus, so the trace shows it like any other store (from no task).

#include "memory/bus.h"
#include "sched/rng.h"

#include <cstdint>

namespace racescope {

struct Scribble {
    uint64_t step = 0;   // when it happens
    uint64_t address = 0;
    uint64_t before = 0;
    uint64_t after = 0;
};

// The step at which the scribble lands, drawn from the fault seed: early enough to matter
// in a short run.
uint64_t scribbleStep(Rng& rng);

// Picks a word among fsnotify_groups' two words and the first six words of each group on
// the list, and overwrites it (bitFlip: flips one bit; else a random value, half the time 0).
Scribble scribble(Bus& bus, Rng& rng, bool bitFlip);

} // namespace racescope
