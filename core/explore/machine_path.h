#pragma once
// The machines along a depth-first search path. A search of a scenario whose programs loop for
// ever goes millions of steps deep, and a machine is some 16 KB: the first kKeepAll levels keep
// theirs, deeper down only every kCheckpoint-th level and the top do (a million levels then hold
// some 60 MB of machines), and any other is rebuilt when needed by replaying the path's actions
// from the nearest level below that kept one. (Rebuilding is exact: a step is a pure function of
// the machine and the action.)

#include "machine/machine.h"

#include <memory>
#include <vector>

namespace racescope {

class MachinePath {
public:
    static constexpr size_t kKeepAll = 2048;
    static constexpr size_t kCheckpoint = 256;

    // `via` is the action that led from the level below to this one (ignored for the root).
    void push(std::unique_ptr<Machine> machine, const Action& via)
    {
        const size_t below = m_levels.size();
        if (below > kKeepAll && (below - 1) % kCheckpoint != 0)
            m_levels.back().machine.reset();
        m_levels.push_back({std::move(machine), via});
    }
    void pop() { m_levels.pop_back(); }
    size_t size() const { return m_levels.size(); }
    const Action& via(size_t level) const { return m_levels[level].via; }

    Machine& at(size_t level)
    {
        if (!m_levels[level].machine) {
            size_t from = level;
            while (!m_levels[from].machine)
                --from;
            auto m = std::make_unique<Machine>(*m_levels[from].machine);
            for (size_t l = from + 1; l <= level; ++l)
                m->applyEnabled(m_levels[l].via);
            m_levels[level].machine = std::move(m);
        }
        return *m_levels[level].machine;
    }

private:
    struct Level {
        std::unique_ptr<Machine> machine;
        Action via;
    };
    std::vector<Level> m_levels;
};

} // namespace racescope
