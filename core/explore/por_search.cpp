// Exhaustive search with partial-order reduction: a stateful depth-first search over
// Machine::stateHash() that, in each state, takes the steps of only some tasks and proves
// that the others can wait. docs/explorer.md gives the argument; in short:
//
//  - Dynamic partial-order reduction (Flanagan and Godefroid, POPL 2005). A state starts with
//    one task to explore. Every step taken is compared with the earlier steps on the path:
//    if two conflict (footprint.h), belong to different tasks, and no chain of conflicting
//    steps orders them (vector clocks), they race, and the later step's task is added to the
//    state before the earlier step; if it could not run there, a task whose steps lead up to
//    it (the E set), or else every enabled task. Each state also lists the actions other
//    tasks cannot take yet but could once enabled (disabledFootprint): they race with the
//    step that disabled them.
//  - State hashing (Yang et al., SPIN 2008). A step into a state already explored is not
//    followed again, but the steps that would have followed must still race with the path:
//    every finished state keeps a summary (summary.h) of what each task's steps reachable
//    from it read and write, raced against the whole path as if each came next. A summary
//    has no clocks, but it knows, for each task, which tasks surely take a step ordered
//    before that task's next one (for a task blocked on a mutex, the holder that will wake
//    it): a step on the path ordered before their last steps cannot race with the task's
//    future steps, and one of them is the task to run instead where it cannot.
//  - Sleep sets (Godefroid 1996). An action taken in an earlier branch, that nothing on the
//    path since conflicts with, is asleep: every path through it is equivalent to one that
//    branch explored. Its step into a finished state is not followed; its own races still
//    count, and it stays in the state's summary, so that a later visit to the state with a
//    smaller sleep set finds it there. A new state's first task is one that is awake.
//  - Cycles (Tarjan's strongly connected components). A summary is final only when every
//    state reachable from it is finished, which fails inside a cycle. A step into a state of
//    the component still being explored marks every frame of the path on that cycle as fully
//    expanded (the cycle proviso), and when the component is finished its summary is raced
//    against the path above it.

#include "explore/exhaustive.h"
#include "explore/footprint.h"
#include "explore/summary.h"
#include "explore/undo_path.h"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <bit>
#include <optional>

namespace racescope {

std::string reductionUnsupported(const Scenario& s)
{
    if (s.world.tasks.size() > 64)
        return "more than 64 tasks";
    // The scribble strikes at a step number, and the step count is not part of the state:
    // no two steps commute across it.
    if (s.world.faults.has(FaultId::StrayWrite) || s.world.faults.has(FaultId::BitFlip))
        return "stray-write and bit-flip strike at a step number";
    // Then every state lies on a cycle, and the cycle proviso expands each fully: the
    // reduction would visit every state the plain search does, at several times the cost.
    if (std::all_of(s.world.tasks.begin(), s.world.tasks.end(),
                    [](const TaskSpec& t) { return t.loops == 0 && !t.program.empty(); }))
        return "every program loops for ever, so every state is on a cycle and fully expanded";
    return {};
}

namespace {

constexpr uint32_t kNone = UINT32_MAX;

uint64_t bit(unsigned task) { return uint64_t(1) << task; }

struct StateInfo {
    uint32_t index = 0;   // Tarjan: order of discovery
    uint32_t summary = SummaryTable::kEmpty;
    bool complete = false; // its component is finished and its summary final
    bool selfLoop = false;
};

struct Edge {
    uint8_t task;
    uint32_t footprint;
    uint32_t target; // kNone: the step ended the run
};

struct Disabled {
    uint8_t task;
    uint32_t footprint;
};

// A state whose component is not finished keeps what its summary will be made of.
struct Pending {
    std::vector<Edge> edges;
    std::vector<Disabled> disabled;
};

// An action taken in an earlier branch (or above) that nothing since has conflicted with: any
// path that takes it now is equivalent to one explored there (a sleep set, Godefroid 1996).
struct Sleeper {
    Action action;
    uint32_t footprint;
};

struct Frame {
    uint32_t state = 0;
    std::vector<Sleeper> sleep; // inherited, then each action taken here
    uint32_t low = 0;       // Tarjan: lowest index this visit reaches
    uint32_t cycleFrom = kNone; // lowest frame of a cycle marking that covered this one
    uint64_t enabledTasks = 0;
    uint64_t explore = 0;   // tasks whose actions must be taken here
    std::vector<Action> enabled;
    std::vector<uint8_t> taken; // 0 not yet, 1 taken, 2 asleep and not followed
    std::vector<Edge> edges;
    std::vector<Disabled> disabled;
};

class ReducedSearch {
public:
    ReducedSearch(const Scenario& s, const ExploreOptions& o, ExploreResult& r)
        : m_scenario(s)
        , m_options(o)
        , m_result(r)
        , m_tasks(static_cast<unsigned>(s.world.tasks.size()))
        , m_summaries(m_tasks)
        , m_builder(m_tasks)
    {
        m_taskSteps.resize(m_tasks);
        m_vc.assign(m_tasks, 0);
    }

    std::optional<std::vector<Action>> run();

private:
    // Position k of the path is the step into frame k (k >= 1).
    struct Step {
        uint8_t task;
        uint32_t footprint;
        uint32_t clock; // the task's number of steps on the path, this one included
    };

    uint32_t addState(uint64_t hash);
    // Enters the state the path's machine is in: the root, or the child of the last step().
    void pushFrame(uint32_t state, const Action& via, std::vector<Sleeper> sleep);
    void popFrame();
    void pushStep(uint8_t task, uint32_t footprint, const std::vector<uint32_t>& vc);
    void popStep();
    uint32_t top() const { return static_cast<uint32_t>(m_steps.size() - 1); }

    // A step of `task` with footprint `fp` as if it came right after the path: its races are
    // resolved (backtrack points added) and its vector clock left in `vc`.
    void race(uint8_t task, std::span<const ObjectAccess> fp, std::vector<uint32_t>& vc);
    // The race between the path's step `position` and a later step of `task` that the path's
    // steps with clocks up to `before` happen before (Flanagan and Godefroid's rule, with
    // their E set).
    void resolve(uint32_t position, uint8_t task, const uint32_t* before);
    // Races of every step in `summary` with the path, as if each came next.
    void raceSummary(uint32_t summary);
    void closeCycle(uint32_t state);
    void finishComponent(const Frame& root);
    void collect(const std::vector<Edge>& edges, const std::vector<Disabled>& disabled);
    bool happensBefore(uint32_t position, const uint32_t* clocks) const
    {
        return clocks[m_steps[position].task] >= m_steps[position].clock;
    }
    // A task's scheduling state is written by another task only to wake it, and a task and the
    // step that wakes it are never both enabled: they order steps (happens-before) but never
    // race ("may be co-enabled", in Flanagan and Godefroid's terms).
    bool canRace(uint32_t object) const { return m_objects.key(object) >> 56 != uint64_t(SchedObject::TaskState); }
    // Calls onConflict(position) for each access to `object` on the path that conflicts with an
    // access by `task` (a write if `write`) and that `clocks` does not order before it. Newest
    // first; once an access of another task is ordered, all its earlier ones are too, and the
    // scan stops when every other task that could conflict is ordered.
    template <typename OnConflict>
    void unorderedConflicts(uint32_t object, bool write, uint8_t task, const uint32_t* clocks,
                            OnConflict&& onConflict) const;

    const Scenario& m_scenario;
    const ExploreOptions& m_options;
    ExploreResult& m_result;
    unsigned m_tasks;

    absl::flat_hash_map<uint64_t, uint32_t> m_visited;
    std::vector<StateInfo> m_states;
    std::vector<uint32_t> m_tarjan;
    absl::flat_hash_map<uint32_t, Pending> m_pending;

    std::vector<Frame> m_frames;
    std::vector<uint32_t> m_firstVisits; // frames that are first visits, by increasing index
    std::optional<UndoPath> m_path;
    std::vector<Step> m_steps{Step{0, 0, 0}};      // position 0: no step
    std::vector<uint32_t> m_vc;                     // m_tasks clocks per position
    std::vector<std::vector<uint32_t>> m_taskSteps; // positions of each task's steps
    std::vector<std::vector<uint32_t>> m_accesses;  // per object: position << 1 | write
    // Per object, how many accesses (and writes) each task has on the path, and as masks the
    // tasks with any: a scan of an object's accesses stops once every other task that could
    // race with the step is seen to be ordered before it. Without that, a long path made
    // every scan of an object read by every step (the list head, say) run to the bottom.
    std::vector<uint32_t> m_accessCount; // object * m_tasks * 2 + task * 2 + write
    std::vector<uint64_t> m_accessors;
    std::vector<uint64_t> m_writers;
    std::vector<uint64_t> m_onPath;                 // objects with an access on the path
    std::vector<uint32_t> m_races;                  // scratch

    ObjectIds m_objects;
    FootprintTable m_footprints;
    SummaryTable m_summaries;
    SummaryBuilder m_builder;
};

uint32_t ReducedSearch::addState(uint64_t hash)
{
    const uint32_t id = static_cast<uint32_t>(m_states.size());
    m_visited.emplace(hash, id);
    StateInfo info;
    info.index = id;
    m_states.push_back(info);
    return id;
}

void ReducedSearch::pushStep(uint8_t task, uint32_t footprint, const std::vector<uint32_t>& vc)
{
    const uint32_t position = static_cast<uint32_t>(m_steps.size());
    m_taskSteps[task].push_back(position);
    m_steps.push_back({task, footprint, static_cast<uint32_t>(m_taskSteps[task].size())});
    m_vc.insert(m_vc.end(), vc.begin(), vc.end());
    for (const ObjectAccess& a : m_footprints.get(footprint)) {
        if (a.object >= m_accesses.size()) {
            m_accesses.resize(a.object + 1);
            m_accessCount.resize(size_t(a.object + 1) * m_tasks * 2, 0);
            m_accessors.resize(a.object + 1, 0);
            m_writers.resize(a.object + 1, 0);
        }
        if (a.object / 64 >= m_onPath.size())
            m_onPath.resize(a.object / 64 + 1, 0);
        m_accesses[a.object].push_back(position << 1 | a.write);
        m_onPath[a.object / 64] |= uint64_t(1) << (a.object % 64);
        uint32_t* count = &m_accessCount[(size_t(a.object) * m_tasks + task) * 2];
        ++count[0];
        m_accessors[a.object] |= bit(task);
        if (a.write) {
            ++count[1];
            m_writers[a.object] |= bit(task);
        }
    }
}

void ReducedSearch::popStep()
{
    const Step step = m_steps.back();
    for (const ObjectAccess& a : m_footprints.get(step.footprint)) {
        m_accesses[a.object].pop_back();
        if (m_accesses[a.object].empty())
            m_onPath[a.object / 64] &= ~(uint64_t(1) << (a.object % 64));
        uint32_t* count = &m_accessCount[(size_t(a.object) * m_tasks + step.task) * 2];
        if (--count[0] == 0)
            m_accessors[a.object] &= ~bit(step.task);
        if (a.write && --count[1] == 0)
            m_writers[a.object] &= ~bit(step.task);
    }
    m_taskSteps[step.task].pop_back();
    m_steps.pop_back();
    m_vc.resize(m_vc.size() - m_tasks);
}

void ReducedSearch::resolve(uint32_t position, uint8_t task, const uint32_t* before)
{
    Frame& f = m_frames[position - 1];
    if (f.enabledTasks & bit(task)) {
        f.explore |= bit(task);
        return;
    }
    // It cannot run there: some task must go first that leads up to it, one whose later step
    // on the path happens before it.
    uint64_t leading = 0;
    for (uint32_t j = position + 1; j <= top(); ++j) {
        const Step& s = m_steps[j];
        if ((f.enabledTasks & bit(s.task)) && before[s.task] >= s.clock)
            leading |= bit(s.task);
    }
    if (leading & f.explore)
        return;
    if (leading) {
        f.explore |= leading & (~leading + 1);
        return;
    }
    f.explore |= f.enabledTasks;
}

template <typename OnConflict>
void ReducedSearch::unorderedConflicts(uint32_t object, bool write, uint8_t task, const uint32_t* clocks,
                                       OnConflict&& onConflict) const
{
    const std::vector<uint32_t>& list = m_accesses[object];
    // A read conflicts only with writes.
    const uint64_t others = (write ? m_accessors[object] : m_writers[object]) & ~bit(task);
    uint64_t ordered = 0; // tasks whose accesses so far all happen before `task`'s
    for (auto it = list.rbegin(); it != list.rend() && (ordered & others) != others; ++it) {
        const uint32_t position = *it >> 1;
        if (!write && !(*it & 1))
            continue;
        const uint8_t other = m_steps[position].task;
        if (other == task || (ordered & bit(other)))
            continue;
        if (happensBefore(position, clocks)) {
            ordered |= bit(other);
            continue;
        }
        onConflict(position);
    }
}

void ReducedSearch::race(uint8_t task, std::span<const ObjectAccess> fp, std::vector<uint32_t>& vc)
{
    const uint32_t last = m_taskSteps[task].empty() ? 0 : m_taskSteps[task].back();
    const uint32_t* before = &m_vc[size_t(last) * m_tasks];
    vc.assign(before, before + m_tasks);
    m_races.clear();
    for (const ObjectAccess& a : fp) {
        if (a.object >= m_accesses.size())
            continue;
        const bool races = canRace(a.object);
        unorderedConflicts(a.object, a.write, task, before, [&](uint32_t position) {
            const uint32_t* theirs = &m_vc[size_t(position) * m_tasks];
            for (unsigned t = 0; t < m_tasks; ++t)
                vc[t] = std::max(vc[t], theirs[t]);
            if (races)
                m_races.push_back(position);
        });
    }
    vc[task] = static_cast<uint32_t>(m_taskSteps[task].size()) + 1;
    std::sort(m_races.begin(), m_races.end());
    m_races.erase(std::unique(m_races.begin(), m_races.end()), m_races.end());
    for (uint32_t position : m_races)
        resolve(position, task, vc.data());
}

void ReducedSearch::raceSummary(uint32_t summary)
{
    std::vector<uint32_t> led(m_tasks);
    for (unsigned task = 0; task < m_tasks; ++task) {
        const unsigned words =
            std::min<unsigned>(m_summaries.words(summary, task), static_cast<unsigned>(m_onPath.size()));
        const uint32_t last = m_taskSteps[task].empty() ? 0 : m_taskSteps[task].back();
        const uint32_t* before = &m_vc[size_t(last) * m_tasks];
        // The task's future steps come after its own last step and after the leaders' steps.
        led.assign(before, before + m_tasks);
        const uint64_t leaders = m_summaries.leaders(summary, task) & ~bit(task);
        for (unsigned r = 0; r < m_tasks; ++r) {
            if (!(leaders & bit(r)) || m_taskSteps[r].empty())
                continue;
            const uint32_t* theirs = &m_vc[size_t(m_taskSteps[r].back()) * m_tasks];
            for (unsigned t = 0; t < m_tasks; ++t)
                led[t] = std::max(led[t], theirs[t]);
        }
        const uint64_t* reads = m_summaries.block(summary, task, SummaryTable::Reads);
        const uint64_t* writes = m_summaries.block(summary, task, SummaryTable::Writes);
        const uint64_t* disabled = m_summaries.block(summary, task, SummaryTable::DisabledReads);
        m_races.clear();
        for (unsigned w = 0; w < words; ++w) {
            for (bool real : {true, false}) {
                // A disabled action may come before the task's next step: only its own last step
                // orders it.
                const uint32_t* clocks = real ? led.data() : before;
                uint64_t objects = (real ? reads[w] | writes[w] : disabled[w]) & m_onPath[w];
                while (objects) {
                    const unsigned b = static_cast<unsigned>(std::countr_zero(objects));
                    objects &= objects - 1;
                    const uint32_t object = w * 64 + b;
                    if (!canRace(object))
                        continue;
                    const bool write = real && ((writes[w] >> b) & 1);
                    unorderedConflicts(object, write, static_cast<uint8_t>(task), clocks,
                                       [&](uint32_t position) { m_races.push_back(position << 1 | real); });
                }
            }
        }
        std::sort(m_races.begin(), m_races.end());
        m_races.erase(std::unique(m_races.begin(), m_races.end()), m_races.end());
        for (uint32_t r : m_races)
            resolve(r >> 1, static_cast<uint8_t>(task), (r & 1) ? led.data() : before);
    }
}

void ReducedSearch::pushFrame(uint32_t state, const Action& via, std::vector<Sleeper> sleep)
{
    if (!m_frames.empty())
        m_path->descend(via);
    const Machine& m = m_path->machine();
    Frame f;
    f.state = state;
    f.sleep = std::move(sleep);
    f.low = m_states[state].index;
    m.enabledActions(f.enabled);
    dropParked(f.enabled, m_options.parked);
    f.taken.assign(f.enabled.size(), 0);
    for (const Action& a : f.enabled)
        f.enabledTasks |= bit(a.task);
    // Start with one task whose actions are not all asleep (a sleeping one could leave the
    // state explored by no one); by default the one that just ran, so that a path reads like
    // a schedule. The others join where a race says they must.
    uint64_t awake = 0;
    for (const Action& a : f.enabled) {
        if (std::none_of(f.sleep.begin(), f.sleep.end(), [&](const Sleeper& z) { return z.action == a; }))
            awake |= bit(a.task);
    }
    const uint64_t candidates = awake ? awake : f.enabledTasks;
    const uint64_t lowest = candidates & (~candidates + 1);
    switch (m_options.reductionStart) {
    case ReductionStart::Previous:
        f.explore = !m_frames.empty() && (candidates & bit(via.task)) ? bit(via.task) : lowest;
        break;
    case ReductionStart::Lowest: f.explore = lowest; break;
    case ReductionStart::Highest:
        f.explore = candidates ? uint64_t(1) << (63 - std::countl_zero(candidates)) : 0;
        break;
    }
    m_firstVisits.push_back(static_cast<uint32_t>(m_frames.size()));
    m_frames.push_back(std::move(f));
    std::vector<uint32_t> vc;
    for (unsigned t = 0; t < m_tasks; ++t) {
        if ((m_options.parked >> t) & 1)
            continue;
        const Footprint fp = disabledFootprint(m, static_cast<uint8_t>(t));
        if (fp.empty())
            continue;
        const uint32_t id = m_footprints.intern(fp, m_objects);
        race(static_cast<uint8_t>(t), m_footprints.get(id), vc);
        m_frames.back().disabled.push_back({static_cast<uint8_t>(t), id});
    }
}

void ReducedSearch::collect(const std::vector<Edge>& edges, const std::vector<Disabled>& disabled)
{
    for (const Disabled& d : disabled)
        m_builder.addDisabled(d.task, m_footprints.get(d.footprint));
    for (const Edge& e : edges) {
        // Every step leaving the component leads to a finished one; the others stay inside.
        const bool out = e.target != kNone && m_states[e.target].complete;
        m_builder.addStep(e.task, m_footprints.get(e.footprint), m_summaries, out ? &m_states[e.target].summary : nullptr);
    }
}

void ReducedSearch::finishComponent(const Frame& root)
{
    std::vector<uint32_t> members;
    uint32_t s = kNone;
    do {
        s = m_tarjan.back();
        m_tarjan.pop_back();
        members.push_back(s);
    } while (s != root.state);
    m_builder.clear();
    collect(root.edges, root.disabled);
    for (uint32_t m : members) {
        if (m == root.state)
            continue;
        auto it = m_pending.find(m);
        collect(it->second.edges, it->second.disabled);
        m_pending.erase(it);
    }
    const bool cycle = members.size() > 1 || m_states[root.state].selfLoop;
    if (cycle)
        m_builder.forgetOrder();
    const uint32_t summary = m_summaries.intern(m_builder);
    for (uint32_t m : members) {
        m_states[m].summary = summary;
        m_states[m].complete = true;
    }
    // Steps in a cycle were reached along other paths than this one, so their races with the
    // frames above the component are checked once it is whole.
    if (cycle) {
        m_result.cycleStates += members.size();
        raceSummary(summary);
    }
}

void ReducedSearch::closeCycle(uint32_t state)
{
    const uint32_t index = m_states[state].index;
    Frame& topFrame = m_frames.back();
    topFrame.low = std::min(topFrame.low, index);
    if (topFrame.state == state)
        m_states[state].selfLoop = true;
    // Every frame from the deepest first visit discovered no later than `state` up to the top
    // lies on a cycle through `state`: each is expanded fully (the cycle proviso).
    auto it = std::upper_bound(m_firstVisits.begin(), m_firstVisits.end(), index,
                               [this](uint32_t i, uint32_t f) { return i < m_states[m_frames[f].state].index; });
    const uint32_t first = *(it - 1);
    for (size_t f = m_frames.size(); f-- > first;) {
        Frame& frame = m_frames[f];
        if (frame.cycleFrom <= first)
            break;
        frame.explore |= frame.enabledTasks;
        frame.cycleFrom = first;
        // Actions it left asleep must be taken after all: a cycle may not postpone anything.
        for (uint8_t& taken : frame.taken) {
            if (taken == 2)
                taken = 0;
        }
    }
}

void ReducedSearch::popFrame()
{
    Frame& f = m_frames.back();
    StateInfo& info = m_states[f.state];
    for (uint8_t taken : f.taken)
        m_result.prunedActions += taken != 1;
    const uint32_t low = f.low;
    if (low == info.index) {
        finishComponent(f);
        m_firstVisits.pop_back();
    } else {
        m_pending[f.state] = Pending{std::move(f.edges), std::move(f.disabled)};
        m_firstVisits.pop_back();
    }
    m_frames.pop_back();
    m_path->pop();
    if (!m_frames.empty()) {
        m_frames.back().low = std::min(m_frames.back().low, low);
        popStep();
    }
}

std::optional<std::vector<Action>> ReducedSearch::run()
{
    SearchClock clock(m_options);
    bool depthCut = false;
    bool aborted = false;
    {
        m_path.emplace(Machine(m_scenario.world));
        // Every step is traced: its footprint is read off its records.
        m_path->machine().setTracing(true);
        const uint32_t state = addState(m_path->machine().stateHash());
        m_tarjan.push_back(state);
        pushFrame(state, Action{}, {});
        m_result.states = 1;
    }
    std::vector<uint32_t> vc;
    while (!m_frames.empty()) {
        if (!clock.tick(m_result.states)) {
            aborted = true;
            break;
        }
        const size_t level = m_frames.size() - 1;
        size_t next = 0;
        {
            const Frame& f = m_frames[level];
            while (next < f.enabled.size() && (f.taken[next] || !(f.explore & bit(f.enabled[next].task))))
                ++next;
            if (next == f.enabled.size()) {
                if (f.enabled.empty())
                    ++m_result.schedules;
                popFrame();
                continue;
            }
        }
        m_frames[level].taken[next] = 1;
        const Action action = m_frames[level].enabled[next];
        m_path->step(action);
        Machine& child = m_path->machine();
        ++m_result.steps;
        const MachineCheckpoint& parent = m_path->deepest();
        const Footprint fp = stepFootprint(parent.tasks, parent.cpus, action, child);
        child.clearTrace();
        if (!child.oopses().empty()) {
            std::vector<Action> path;
            for (size_t l = 1; l <= level; ++l)
                path.push_back(m_path->via(l));
            path.push_back(action);
            return path;
        }
        // A crash is real whatever the guard says: only a proof rests on what it checks.
        if (m_options.stepGuard) {
            m_result.guardStop = m_options.stepGuard(action, fp);
            if (!m_result.guardStop.empty()) {
                aborted = true;
                break;
            }
        }
        const uint32_t footprint = m_footprints.intern(fp, m_objects);
        // Asleep: an earlier branch took this action, and every path through it from here is
        // equivalent to one explored there. Only a step into a finished state (or ending the
        // run) is skipped: a new state is entered, and a state of the cycle being explored is
        // marked as such, so that no state is explored with fewer actions than it needs.
        std::vector<Sleeper>& sleepers = m_frames[level].sleep;
        const bool asleep = std::any_of(sleepers.begin(), sleepers.end(),
                                        [&](const Sleeper& z) { return z.action == action; });
        const uint64_t hash = child.status() == RunStatus::Running ? child.stateHash() : 0;
        const auto seen = hash ? m_visited.find(hash) : m_visited.end();
        const bool finished = !hash || (seen != m_visited.end() && m_states[seen->second].complete);
        // Asleep or not, the step itself races with the path (Flanagan and Godefroid check
        // every task's next step); only what follows it is not explored again. On a cycle
        // every action is taken (the proviso).
        race(action.task, m_footprints.get(footprint), vc);
        if (asleep && finished && m_frames[level].cycleFrom == kNone) {
            m_path->back();
            m_frames[level].taken[next] = 2;
            // Its steps still belong to this state's summary: a later visit with a smaller
            // sleep set relies on it (Godefroid's rule for sleep sets with state caching).
            m_frames[level].edges.push_back({action.task, footprint, hash ? seen->second : kNone});
            ++m_result.sleeping;
            continue;
        }
        std::vector<Sleeper> childSleep;
        for (const Sleeper& z : sleepers) {
            if (z.action.task != action.task && !conflicts(m_footprints.get(z.footprint), m_footprints.get(footprint)))
                childSleep.push_back(z);
        }
        if (!asleep)
            sleepers.push_back({action, footprint});
        if (child.status() != RunStatus::Running) {
            m_path->back();
            m_frames[level].edges.push_back({action.task, footprint, kNone});
            ++m_result.schedules;
            continue;
        }
        if (seen != m_visited.end()) {
            m_path->back();
            const uint32_t state = seen->second;
            m_frames[level].edges.push_back({action.task, footprint, state});
            ++m_result.revisits;
            StateInfo& info = m_states[state];
            if (!info.complete) {
                closeCycle(state);
                continue;
            }
            pushStep(action.task, footprint, vc);
            raceSummary(info.summary);
            popStep();
            continue;
        }
        const uint32_t state = addState(hash);
        m_frames[level].edges.push_back({action.task, footprint, state});
        if (level + 1 >= m_options.maxSteps) {
            m_path->back();
            m_states[state].complete = true; // never explored: the result says it is no proof
            depthCut = true;
            ++m_result.schedules;
            continue;
        }
        m_tarjan.push_back(state);
        pushStep(action.task, footprint, vc);
        pushFrame(state, action, std::move(childSleep));
        ++m_result.states;
    }
    m_result.complete = !aborted && !depthCut;
    m_result.depthBoundHit = depthCut;
    m_result.summaries = m_summaries.size();
    return std::nullopt;
}

} // namespace

std::optional<std::vector<Action>> reducedSearch(const Scenario& s, const ExploreOptions& o, ExploreResult& r)
{
    ReducedSearch search(s, o, r);
    return search.run();
}

} // namespace racescope
