#pragma once
// The states along a depth-first search path, kept as one machine that steps forward and back.
// A step is applied in place and taken back from the store journal and a checkpoint of the
// state it left (machine/checkpoint.h): copying a whole machine per step cost the search most
// of its time.
//
// A path through a scenario whose programs loop for ever can be millions of levels deep, so
// only the deepest kWindow levels keep checkpoints, and every kFullCopy-th level keeps a copy
// of its machine. Backing into a level whose checkpoint was dropped restores the copy below
// it and replays the path's actions up to it, which is exact: a step is a pure function of
// the machine and the action. A traced machine's records of the replay are cleared, so that
// the trace after step() holds that step's records alone, as long as the caller clears it too.

#include "machine/checkpoint.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace racescope {

class UndoPath {
public:
    static constexpr size_t kWindow = 4096;
    static constexpr size_t kFullCopy = 256;

    explicit UndoPath(const Machine& root);
    UndoPath(const UndoPath&) = delete;
    UndoPath& operator=(const UndoPath&) = delete;

    // The machine: in the state of the deepest level, or of its child after step().
    Machine& machine() { return *m_machine; }
    size_t size() const { return m_levels.size(); }
    const Action& via(size_t level) const { return m_levels[level].via; }

    // Applies `action` to the deepest level's state. Follow it with descend() to make the
    // result a new level, or with back() to return to the state it was applied to.
    void step(const Action& action);
    void descend(const Action& action);
    void back();
    // Drops the deepest level; the machine returns to the state of the level above.
    void pop();
    // What the deepest level's state saved: its tasks and CPUs as they were before step().
    const MachineCheckpoint& deepest() const { return m_checkpoints[(m_levels.size() - 1) % kWindow]; }

private:
    struct Level {
        Action via;
        size_t journalSize = 0;        // the journal's length while this level's state is current
        std::unique_ptr<Machine> copy; // every kFullCopy-th level
    };
    MachineCheckpoint& slot(size_t level) { return m_checkpoints[level % kWindow]; }
    void restoreLevel(size_t level);

    std::unique_ptr<Machine> m_machine;
    StoreJournal m_journal;
    std::vector<Level> m_levels;
    std::vector<MachineCheckpoint> m_checkpoints; // a ring: level % kWindow
    std::vector<size_t> m_checkpointLevel;        // which level each ring slot holds
};

} // namespace racescope
