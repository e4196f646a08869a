// Stateful depth-first search over the graph of reachable states, every enabled action of
// every state: a state seen before is not entered again. If no path ever hit the depth bound,
// every reachable state was visited and the absence of an oops is a proof; otherwise the
// result only covers what the bound let in. It is the reference the reduced search
// (por_search.cpp) is checked against.

#include "explore/exhaustive.h"
#include "explore/machine_path.h"

#include <chrono>
#include <unordered_set>

namespace racescope {

std::optional<std::vector<Action>> plainSearch(const Scenario& s, const ExploreOptions& o, ExploreResult& result)
{
    using Clock = std::chrono::steady_clock;
    struct Node {
        std::vector<Action> actions;
        size_t next = 0;
    };
    const Clock::time_point start = Clock::now();
    double lastProgress = 0;
    std::unordered_set<uint64_t> visited;
    MachinePath path;
    std::vector<Node> stack;
    {
        auto root = std::make_unique<Machine>(s.world);
        Node node;
        root->enabledActions(node.actions);
        visited.insert(root->stateHash());
        path.push(std::move(root), Action{});
        stack.push_back(std::move(node));
    }
    result.states = 1;
    bool depthCut = false;
    bool aborted = false;
    uint64_t loops = 0;
    while (!stack.empty()) {
        if ((++loops & 1023) == 0) {
            const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
            if (o.budgetSeconds > 0 && elapsed >= o.budgetSeconds) {
                aborted = true;
                break;
            }
            if (o.progress && elapsed - lastProgress >= 1.0) {
                o.progress(result.states, elapsed);
                lastProgress = elapsed;
            }
        }
        Node& node = stack.back();
        if (node.next == node.actions.size()) {
            if (node.actions.empty())
                ++result.schedules; // a finished (or deadlocked) run
            stack.pop_back();
            path.pop();
            continue;
        }
        const Action action = node.actions[node.next++];
        const size_t depth = stack.size();
        auto child = std::make_unique<Machine>(path.at(depth - 1));
        child->applyEnabled(action);
        ++result.steps;
        if (!child->oopses().empty()) {
            std::vector<Action> crash;
            for (size_t l = 1; l < depth; ++l)
                crash.push_back(path.via(l));
            crash.push_back(action);
            return crash;
        }
        if (child->status() != RunStatus::Running) {
            ++result.schedules;
            continue;
        }
        if (!visited.insert(child->stateHash()).second) {
            ++result.revisits;
            continue;
        }
        if (depth >= o.maxSteps) {
            depthCut = true;
            ++result.schedules;
            continue;
        }
        ++result.states;
        Node next;
        child->enabledActions(next.actions);
        path.push(std::move(child), action);
        stack.push_back(std::move(next));
    }
    result.complete = !aborted && !depthCut;
    result.depthBoundHit = depthCut;
    return std::nullopt;
}

} // namespace racescope
