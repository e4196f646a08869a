// Stateful depth-first search over the graph of reachable states, every enabled action of
// every state: a state seen before is not entered again. If no path ever hit the depth bound,
// every reachable state was visited and the absence of an oops is a proof; otherwise the
// result only covers what the bound let in. It is the reference the reduced search
// (por_search.cpp) is checked against.

#include "explore/exhaustive.h"
#include "explore/footprint.h"
#include "explore/undo_path.h"

#include <absl/container/flat_hash_set.h>

namespace racescope {

std::optional<std::vector<Action>> plainSearch(const Scenario& s, const ExploreOptions& o, ExploreResult& result)
{
    // The enabled actions of every state on the path, in one array: a node is a range of it.
    struct Node {
        size_t begin = 0;
        size_t next = 0;
    };
    SearchClock clock(o);
    absl::flat_hash_set<uint64_t> visited;
    std::vector<Action> actions;
    std::vector<Action> enabled;
    std::vector<Node> stack;
    UndoPath path{Machine(s.world)};
    // The guard reads each step's footprint off its trace.
    path.machine().setTracing(bool(o.stepGuard));
    visited.insert(path.machine().stateHash());
    path.machine().enabledActions(actions);
    dropParked(actions, o.parked);
    stack.push_back({0, 0});
    result.states = 1;
    bool depthCut = false;
    bool aborted = false;
    while (!stack.empty()) {
        if (!clock.tick(result.states)) {
            aborted = true;
            break;
        }
        Node& node = stack.back();
        if (node.next == actions.size()) {
            if (node.begin == actions.size())
                ++result.schedules; // a finished (or deadlocked) run
            actions.resize(node.begin);
            stack.pop_back();
            path.pop();
            continue;
        }
        const Action action = actions[node.next++];
        const size_t depth = stack.size();
        path.step(action);
        Machine& child = path.machine();
        ++result.steps;
        if (!child.oopses().empty()) {
            std::vector<Action> crash;
            for (size_t l = 1; l < depth; ++l)
                crash.push_back(path.via(l));
            crash.push_back(action);
            return crash;
        }
        // A crash is real whatever the guard says: only a proof rests on what it checks.
        if (o.stepGuard) {
            const MachineCheckpoint& parent = path.deepest();
            result.guardStop = o.stepGuard(action, stepFootprint(parent.tasks, parent.cpus, action, child));
            child.clearTrace();
            if (!result.guardStop.empty()) {
                aborted = true;
                break;
            }
        }
        if (child.status() != RunStatus::Running) {
            ++result.schedules;
            path.back();
            continue;
        }
        if (!visited.insert(child.stateHash()).second) {
            ++result.revisits;
            path.back();
            continue;
        }
        if (depth >= o.maxSteps) {
            depthCut = true;
            ++result.schedules;
            path.back();
            continue;
        }
        ++result.states;
        child.enabledActions(enabled);
        dropParked(enabled, o.parked);
        stack.push_back({actions.size(), actions.size()});
        actions.insert(actions.end(), enabled.begin(), enabled.end());
        path.descend(action);
    }
    result.complete = !aborted && !depthCut;
    result.depthBoundHit = depthCut;
    return std::nullopt;
}

} // namespace racescope
