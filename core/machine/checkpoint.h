#pragma once
// What a step may change in a machine besides memory, saved so that a depth-first search can
// take the step back (Machine::save and Machine::restore). Memory is undone from the store
// journal instead: a step writes a few words of it, and copying all of it cost most of a
// search's time.

#include "machine/machine.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace racescope {

struct MachineCheckpoint {
    std::vector<Task> tasks;
    std::vector<Cpu> cpus;
    std::vector<uint8_t> runnable;
    SlabAllocator::Shadows shadows;
    size_t journalSize = 0;
    size_t oopses = 0;
    uint64_t step = 0;
    uint64_t gpWaitCpus = 0;
    uint32_t blockedTasks = 0;
    Rng faultRng{1};
    uint64_t scribbleStep = 0;
    RunStatus status = RunStatus::Running;
};

} // namespace racescope
