#include "machine_fixture.h"

#include "fsnotify/group_layout.h"
#include "memory/layout.h"

#include <stdexcept>

namespace racescope::test {

WorldSpec idleWorld(unsigned cpus, unsigned tasks, unsigned groups)
{
    WorldSpec w;
    w.cpus = cpus;
    for (unsigned i = 0; i < tasks; ++i) {
        TaskSpec t;
        t.name = "t" + std::to_string(i);
        t.cpu = static_cast<uint8_t>(i % cpus);
        w.tasks.push_back(t);
    }
    for (unsigned g = 0; g < groups; ++g) {
        GroupSpec spec;
        spec.owner = 0;
        spec.fd = static_cast<uint8_t>(g);
        spec.groupNum = g + 1;
        spec.mask = fs_mask::FS_DELETE;
        w.groups.push_back(spec);
    }
    return w;
}

void step(Machine& m, uint8_t task)
{
    m.apply({task, m.tasks()[task].cpu, ActionKind::Run});
}

int finishCall(Machine& m, uint8_t task, int limit)
{
    int steps = 0;
    do {
        step(m, task);
        ++steps;
        if (steps > limit)
            throw std::runtime_error("call did not return");
    } while (m.tasks()[task].inKernel() && m.status() == RunStatus::Running);
    return steps;
}

std::vector<uint64_t> listForward(const Machine& m)
{
    std::vector<uint64_t> out;
    uint64_t pos = m.memory().read64(layout::fsnotify_groups);
    while (pos != layout::fsnotify_groups && out.size() < 64) {
        out.push_back(pos);
        pos = m.memory().read64(pos);
    }
    return out;
}

uint64_t groupAt(const Machine& m, unsigned index) { return listForward(m).at(index); }

int32_t srcuCounter(const Machine& m, unsigned cpu, unsigned idx)
{
    return static_cast<int32_t>(m.memory().read32(layout::kPerCpuBase + cpu * layout::kPerCpuStride + 4 * idx));
}

uint32_t srcuCompleted(const Machine& m) { return m.memory().read32(layout::kSrcuCompleted); }

} // namespace racescope::test
