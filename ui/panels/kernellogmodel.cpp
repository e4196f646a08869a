#include "panels/kernellogmodel.h"

#include <QStringList>

#include <utility>

namespace racescope::ui {

QString dmesgTimestamp(uint64_t step)
{
    return QStringLiteral("[%1.%2]")
        .arg(step / 1000000, 5, 10, QLatin1Char(' '))
        .arg(step % 1000000, 6, 10, QLatin1Char('0'));
}

void KernelLogModel::addEvents(const KernelEvents& events)
{
    m_pending.insert(m_pending.end(), events.begin(), events.end());
}

void KernelLogModel::clear()
{
    m_pending.clear();
    m_gracePeriods.clear();
    m_oopsReports = 0;
    m_explained = false;
}

namespace {
QString hexAddress(uint64_t a) { return QStringLiteral("%1").arg(a, 16, 16, QLatin1Char('0')); }
} // namespace

std::vector<LogLine> KernelLogModel::append(const SimFrame& frame)
{
    if (frame.reset) {
        // The events that came with this frame belong to it: a step back's frame brings the
        // whole run's.
        KernelEvents pending = std::move(m_pending);
        clear();
        m_pending = std::move(pending);
    }
    if (!frame.snapshot)
        return {};
    const Snapshot& s = *frame.snapshot;
    auto taskName = [&s](unsigned t) {
        return t < s.tasks.size() ? QString::fromStdString(s.tasks[t].name) : QStringLiteral("task %1").arg(t);
    };
    // The collector knows each group's number as it was when the event happened.
    auto groupNum = [](const KernelEvent& e) {
        return e.groupNum ? QString::number(*e.groupNum) : QStringLiteral("?");
    };

    std::vector<LogLine> out;
    for (const KernelEvent& e : m_pending) {
        const QString who = QStringLiteral("%1 on CPU %2").arg(taskName(e.task)).arg(e.cpu);
        QString text;
        switch (e.kind) {
        case KernelEventKind::GroupAlloc:
            text = QStringLiteral("kmalloc-128: object %1 allocated for a new group by %2").arg(hexAddress(e.address), who);
            break;
        case KernelEventKind::GroupLinked:
            text = QStringLiteral("fsnotify: group %1 at %2 added to fsnotify_groups by %3")
                       .arg(groupNum(e), hexAddress(e.address), who);
            break;
        case KernelEventKind::GroupEvicted:
            text = QStringLiteral("fsnotify: group %1 at %2 evicted from fsnotify_groups by %3")
                       .arg(groupNum(e), hexAddress(e.address), who);
            break;
        case KernelEventKind::GroupFreed:
            text = QStringLiteral("kfree: group %1 at %2 freed by %3").arg(groupNum(e), hexAddress(e.address), who);
            break;
        case KernelEventKind::GracePeriodBegin:
            m_gracePeriods[e.task] = e.step;
            text = QStringLiteral("srcu: %1 enters synchronize_srcu(&fsnotify_grp_srcu)").arg(who);
            break;
        case KernelEventKind::GracePeriodEnd: {
            const auto it = m_gracePeriods.find(e.task);
            text = it == m_gracePeriods.end()
                       ? QStringLiteral("srcu: grace period of %1 done").arg(taskName(e.task))
                       : QStringLiteral("srcu: grace period of %1 done after %2 steps")
                             .arg(taskName(e.task))
                             .arg(e.step - it->second);
            if (it != m_gracePeriods.end())
                m_gracePeriods.erase(it);
            break;
        }
        }
        out.push_back({dmesgTimestamp(e.step) + QLatin1Char(' ') + text, false});
    }
    m_pending.clear();

    for (size_t i = m_oopsReports; i < s.oopsReports.size(); ++i) {
        const uint64_t step = i < s.oopses.size() ? s.oopses[i].step : s.step;
        const QStringList report = QString::fromStdString(s.oopsReports[i]).split(QLatin1Char('\n'));
        for (const QString& line : report) {
            if (!line.isEmpty())
                out.push_back({dmesgTimestamp(step) + QLatin1Char(' ') + line, true});
        }
    }
    m_oopsReports = s.oopsReports.size();
    if (!m_explained && !s.explanation.empty()) {
        m_explained = true;
        const uint64_t step = s.oopses.empty() ? s.step : s.oopses.front().step;
        out.push_back({dmesgTimestamp(step) + QStringLiteral(" RaceScope: why it crashed (click a line to show its step):"),
                       false, -1});
        int n = 1;
        for (const ExplanationLine& l : s.explanation) {
            QString text = dmesgTimestamp(step) + QStringLiteral("   %1. ").arg(n++);
            if (l.step != 0)
                text += QStringLiteral("[step %1] ").arg(l.step);
            out.push_back({text + QString::fromStdString(l.text), false, l.step != 0 ? int64_t(l.step) : -1});
        }
    }
    return out;
}

} // namespace racescope::ui
