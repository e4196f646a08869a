#include "explore/undo_path.h"

namespace racescope {

namespace {
constexpr size_t kNoLevel = static_cast<size_t>(-1);
}

UndoPath::UndoPath(const Machine& root)
    : m_machine(std::make_unique<Machine>(root))
    , m_checkpoints(kWindow)
    , m_checkpointLevel(kWindow, kNoLevel)
{
    m_machine->setJournal(&m_journal);
    m_levels.push_back({Action{}, 0, std::make_unique<Machine>(root)});
    m_machine->save(slot(0));
    m_checkpointLevel[0] = 0;
}

void UndoPath::step(const Action& action)
{
    m_machine->applyEnabled(action);
}

void UndoPath::descend(const Action& action)
{
    const size_t level = m_levels.size();
    m_levels.push_back({action, m_journal.size(), level % kFullCopy == 0 ? std::make_unique<Machine>(*m_machine) : nullptr});
    m_machine->save(slot(level));
    m_checkpointLevel[level % kWindow] = level;
}

void UndoPath::back()
{
    restoreLevel(m_levels.size() - 1);
}

void UndoPath::pop()
{
    m_levels.pop_back();
    if (!m_levels.empty())
        restoreLevel(m_levels.size() - 1);
}

void UndoPath::restoreLevel(size_t level)
{
    if (m_checkpointLevel[level % kWindow] == level) {
        m_machine->restore(slot(level));
        return;
    }
    // The checkpoint was dropped while the path went deeper: start again from the copy below
    // and replay, saving checkpoints on the way so that the levels above are cheap again.
    size_t from = level - level % kFullCopy;
    // The journal holds the stores of the steps into levels 1..from and nothing after them:
    // the copy's state is the one that journal ends in.
    m_journal.resize(m_levels[from].journalSize);
    *m_machine = *m_levels[from].copy;
    for (size_t l = from;; ++l) {
        if (l > from)
            m_machine->applyEnabled(m_levels[l].via);
        m_machine->save(slot(l));
        m_checkpointLevel[l % kWindow] = l;
        if (l == level)
            break;
    }
    m_machine->clearTrace();
}

} // namespace racescope
