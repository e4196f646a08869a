// Frame time of the four views: each frame is showFrame on all of them, then a grab() of
// each at its size (list 1280x800, lanes 1280x400, flow 900x420, plots 900x700), which is
// what a window repaint costs. Frames come from a real run sampled every kStepsPerFrame
// steps. Reports the median and worst frame over the iterations, each view's median, and the
// median frame in CPU time of this thread (what the frame cost, however busy the machine).
// Target: median under 8 ms at 16 CPUs x 64 groups.

#include "lanes/cpulanesview.h"
#include "listview/grouplistview.h"
#include "panels/flowview.h"
#include "panels/plotsview.h"
#include "scenario/scenario.h"
#include "sched/runner.h"
#include "sim/simframe.h"

#include <QApplication>
#include <QElapsedTimer>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <string>

namespace {

using namespace racescope;
using namespace racescope::ui;

constexpr uint64_t kSteps = 6000;
constexpr uint64_t kStepsPerFrame = 40;

// The seed's tasks plus `groups` boot groups held by idle readers, eight fds each (kMaxFds),
// each reader looping on one read of its fd 0.
std::string scenarioJson(unsigned cpus, unsigned groups)
{
    std::string tasks = R"(
    { "name": "rm-0", "cpu": 0, "loops": 0, "program": [ { "op": "unlink", "inode": "dir" } ] },
    { "name": "rm-1", "cpu": 1, "loops": 0, "program": [ { "op": "unlink", "inode": "dir" } ] },
    { "name": "inotifywait-a", "cpu": 2, "loops": 0, "program": [
        { "op": "inotify_init", "fd": 0, "group_num": 10, "mask": ["FS_DELETE", "FS_CREATE"], "watch": "dir" },
        { "op": "read", "fd": 0, "repeat": 2 }, { "op": "close", "fd": 0 } ] },
    { "name": "inotifywait-b", "cpu": 3, "loops": 0, "program": [
        { "op": "inotify_init", "fd": 0, "group_num": 11, "mask": ["FS_DELETE"], "watch": "dir" },
        { "op": "read", "fd": 0 }, { "op": "close", "fd": 0 } ] },
    { "name": "editor", "cpu": 3, "loops": 0, "program": [ { "op": "modify", "inode": "file" } ] })";
    std::string groupList;
    const unsigned holders = (groups + kMaxFds - 1) / kMaxFds;
    for (unsigned h = 0; h < holders; ++h)
        tasks += ",\n    { \"name\": \"reader-" + std::to_string(h) + "\", \"cpu\": " + std::to_string(h % cpus) +
                 ", \"loops\": 0, \"program\": [ { \"op\": \"read\", \"fd\": 0 } ] }";
    for (unsigned g = 0; g < groups; ++g) {
        if (g)
            groupList += ",";
        groupList += "\n    { \"owner\": \"reader-" + std::to_string(g / kMaxFds) + "\", \"fd\": " +
                     std::to_string(g % kMaxFds) + ", \"group_num\": " + std::to_string(100 + g) +
                     ", \"mask\": [\"FS_DELETE\", \"FS_MODIFY\"], \"watch\": \"" + (g % 2 ? "dir" : "file") + "\" }";
    }
    return R"({ "format": 1, "name": "bench", "title": "bench", "description": "bench", "cpus": )" +
           std::to_string(cpus) + R"(, "allocator": "slub", "slots": { "groups": )" + std::to_string(groups + 16) +
           R"(, "events": 64, "holders": 1024 }, "inodes": ["dir", "file"], "groups": [)" + groupList +
           "], \"tasks\": [" + tasks + "], \"faults\": [], \"run\": { \"seed\": 1, \"strategy\": \"random\" } }";
}

std::vector<SimFrame> makeFrames(unsigned cpus, unsigned groups)
{
    const ScenarioResult loaded = parseScenario(scenarioJson(cpus, groups), "bench");
    if (!loaded.ok()) {
        std::fprintf(stderr, "bench scenario: %s\n", loaded.error.toString().c_str());
        std::abort();
    }
    const Scenario& s = *loaded.scenario;
    Machine machine(s.world);
    machine.setTracing(true);
    RandomScheduler scheduler(s.seed, s.random);
    TimelineBuilder timeline(static_cast<unsigned>(s.world.tasks.size()));
    size_t consumed = 0;
    std::vector<SimFrame> frames;
    while (machine.steps() < kSteps) {
        const RunOutcome r = runMachine(machine, scheduler, machine.steps() + kStepsPerFrame);
        consumed = timeline.consume(machine.trace(), consumed);
        SimFrame f;
        f.snapshot = std::make_shared<const Snapshot>(takeSnapshot(machine));
        f.timeline = timeline.takeDelta();
        f.stepsPerSecond = 1e6;
        f.reset = frames.empty();
        frames.push_back(std::move(f));
        if (r.status != RunStatus::Running)
            break;
    }
    return frames;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

// CPU time of this thread: on a shared two-core machine the wall clock also counts the time
// other processes had the core, which the frame did not cost.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

template <typename View> double timeView(View& view, const SimFrame& frame)
{
    QElapsedTimer t;
    t.start();
    view.showFrame(frame);
    QCoreApplication::processEvents(); // QCustomPlot's queued replot
    benchmark::DoNotOptimize(view.grab());
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

void BM_ViewsFrame(benchmark::State& state)
{
    const auto cpus = static_cast<unsigned>(state.range(0));
    const auto groups = static_cast<unsigned>(state.range(1));
    const std::vector<SimFrame> frames = makeFrames(cpus, groups);
    GroupListView list;
    CpuLanesView lanes;
    NotificationFlowView flow;
    PlotsView plots;
    list.resize(1280, 800);
    lanes.resize(1280, 400);
    flow.resize(900, 420);
    plots.resize(900, 700);
    std::array<std::vector<double>, 4> perView;
    std::vector<double> total, cpu;
    size_t i = 0;
    for (auto _ : state) {
        SimFrame frame = frames[i % frames.size()];
        frame.reset = i % frames.size() == 0;
        ++i;
        const double cpuBefore = threadCpuMs();
        const std::array<double, 4> ms{timeView(list, frame), timeView(lanes, frame), timeView(flow, frame),
                                       timeView(plots, frame)};
        cpu.push_back(threadCpuMs() - cpuBefore);
        double sum = 0;
        for (size_t v = 0; v < 4; ++v) {
            perView[v].push_back(ms[v]);
            sum += ms[v];
        }
        total.push_back(sum);
    }
    // RACESCOPE_VIEW_PNG_DIR keeps the last frame of each view, to look at what was timed.
    if (const QString dir = qEnvironmentVariable("RACESCOPE_VIEW_PNG_DIR"); !dir.isEmpty()) {
        const QString tag = QStringLiteral("/bench-%1cpu-%2grp-").arg(cpus).arg(groups);
        list.grab().save(dir + tag + QStringLiteral("list.png"));
        lanes.grab().save(dir + tag + QStringLiteral("lanes.png"));
        flow.grab().save(dir + tag + QStringLiteral("flow.png"));
        plots.grab().save(dir + tag + QStringLiteral("plots.png"));
    }
    state.counters["median_ms"] = median(total);
    state.counters["worst_ms"] = *std::max_element(total.begin(), total.end());
    state.counters["cpu_median_ms"] = median(cpu);
    state.counters["list_ms"] = median(perView[0]);
    state.counters["lanes_ms"] = median(perView[1]);
    state.counters["flow_ms"] = median(perView[2]);
    state.counters["plots_ms"] = median(perView[3]);
    // Boxes the list view had to rasterise rather than blit from its cache, per frame.
    state.counters["list_sprites_per_frame"] =
        static_cast<double>(list.paintCache().spritesPainted()) / static_cast<double>(i);
    state.counters["groups_live"] = static_cast<double>(frames.back().snapshot->listOrder.size());
    state.SetLabel(std::to_string(frames.size()) + " frames, " + std::to_string(lanes.store().size()) + " spans");
}

// The caches' worst case: a window being resized, every frame at a new size, so that no
// box keeps its place and every sprite is drawn afresh. The list and flow views only (the
// plots do not cache by place).
void BM_ViewsResize(benchmark::State& state)
{
    const std::vector<SimFrame> frames = makeFrames(16, static_cast<unsigned>(state.range(0)));
    GroupListView list;
    NotificationFlowView flow;
    SimFrame frame = frames[frames.size() / 2];
    frame.reset = true;
    list.showFrame(frame);
    flow.showFrame(frame);
    std::vector<double> ms;
    int step = 0;
    for (auto _ : state) {
        ++step;
        QElapsedTimer t;
        t.start();
        list.resize(1280 - step % 40, 800 - step % 40);
        flow.resize(900 - step % 40, 420 - step % 40);
        benchmark::DoNotOptimize(list.grab());
        benchmark::DoNotOptimize(flow.grab());
        ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    state.counters["median_ms"] = median(ms);
}

BENCHMARK(BM_ViewsResize)->ArgNames({"groups"})->Arg(8)->Arg(64)->Iterations(100)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK(BM_ViewsFrame)
    ->ArgNames({"cpus", "groups"})
    ->Args({4, 8})
    ->Args({4, 64})
    ->Args({16, 8})
    ->Args({16, 64})
    ->Args({64, 8})
    ->Args({64, 64})
    ->Iterations(300)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen"); // before QApplication: no display needed
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
