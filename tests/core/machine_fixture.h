#pragma once
// Small machines for unit tests: idle tasks (empty programs) that a test drives one step at
// a time through injected calls, so each primitive can be watched store by store.

#include "machine/machine.h"

#include <vector>

namespace racescope::test {

// `tasks` idle tasks, task i pinned to CPU i % cpus; `groups` boot groups owned by task 0
// (fd 0, 1, ...), group_num 1, 2, ... and mask FS_DELETE, all watching inode 0.
WorldSpec idleWorld(unsigned cpus, unsigned tasks, unsigned groups = 0);

// One Run step of `task` on its own CPU.
void step(Machine& m, uint8_t task);
// Steps `task` until it is back in user mode; returns the number of steps taken.
int finishCall(Machine& m, uint8_t task, int limit = 1000);
// The group at position `index` on fsnotify_groups (0 = first after the head).
uint64_t groupAt(const Machine& m, unsigned index);
// Addresses on fsnotify_groups, head excluded, following ->next.
std::vector<uint64_t> listForward(const Machine& m);
int32_t srcuCounter(const Machine& m, unsigned cpu, unsigned idx);
uint32_t srcuCompleted(const Machine& m);

} // namespace racescope::test
