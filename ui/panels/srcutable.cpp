#include "panels/srcutable.h"

#include <array>

namespace racescope::ui {

QString srcuStepText(int step)
{
    static const std::array<const char*, 10> kSteps = {
        "snapshot completed",
        "take the srcu mutex",
        "if completed advanced by 2 or more, unlock and return",
        "synchronize_sched()",
        "idx = completed & 1",
        "completed++ (the flip)",
        "synchronize_sched()",
        "while the sum of c[*][idx] is non-zero, sleep one tick and re-scan",
        "synchronize_sched()",
        "release the srcu mutex",
    };
    if (step < 1 || step > int(kSteps.size()))
        return {};
    return QStringLiteral("step %1: %2").arg(step).arg(QLatin1String(kSteps[size_t(step - 1)]));
}

SrcuTable computeSrcuTable(const Snapshot& s)
{
    SrcuTable t;
    t.completed = s.srcu.completed;
    t.currentIndex = int(s.srcu.completed & 1);
    t.counters = s.srcu.counters;
    t.sums = s.srcu.sums;
    auto nameOf = [&s](size_t task) {
        return task < s.tasks.size() ? QString::fromStdString(s.tasks[task].name) : QStringLiteral("task %1").arg(task);
    };
    if (s.srcu.mutexOwner >= 0)
        t.mutexOwner = nameOf(size_t(s.srcu.mutexOwner));
    for (const SrcuWriter& w : s.srcu.writers) {
        if (w.step == 0)
            continue;
        SrcuWriterRow row;
        row.task = w.task;
        row.taskName = nameOf(w.task);
        row.step = w.step;
        row.text = srcuStepText(w.step);
        if (w.scanIndex >= 0)
            row.text.replace(QStringLiteral("[idx]"), QStringLiteral("[%1]").arg(w.scanIndex));
        if (w.inSynchronizeSched)
            row.text += QStringLiteral(" (waiting for every CPU to pass a quiescent state)");
        if (w.step == 8 && w.scanIndex >= 0)
            t.scanned = w.scanIndex;
        t.writers.push_back(row);
    }
    return t;
}

} // namespace racescope::ui
