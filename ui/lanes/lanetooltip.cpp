#include "lanes/lanetooltip.h"

#include "lanes/laneitems.h"

namespace racescope::ui {

namespace {

QString taskName(const Snapshot* s, uint8_t task)
{
    if (s && task < s->tasks.size())
        return QString::fromStdString(s->tasks[task].name);
    return QStringLiteral("task %1").arg(task);
}

// Points first (they are small and easy to miss), then what fills the band under the mouse.
int rank(const LaneSpan& s, double band)
{
    const bool inRead = band >= kReadTop && band <= kReadBottom, inStep = band >= kStepTop && band <= kStepBottom;
    switch (s.kind) {
    case SpanKind::Oops: return 0;
    case SpanKind::Free:
    case SpanKind::Evict: return 1;
    case SpanKind::SrcuStep: return inStep ? 2 : 6;
    case SpanKind::ReadSection:
    case SpanKind::Sleeping: return inRead ? 2 : 6;
    case SpanKind::GracePeriod: return 5;
    }
    return 7;
}

} // namespace

QString laneToolTip(const LaneStore& store, const Snapshot* snapshot, int cpu, double step, double band, double slack)
{
    const LaneSpan* best = nullptr;
    int bestRank = 99;
    store.forEachIn(step - slack, step + slack, [&](const LaneSpan& s) {
        if (s.cpu != cpu)
            return;
        const bool point = s.begin == s.end;
        const double b = static_cast<double>(s.begin), e = static_cast<double>(s.end);
        if (!point && s.kind != SpanKind::SrcuStep && (step < b || step > e))
            return;
        const int r = rank(s, band);
        if (r < bestRank) {
            bestRank = r;
            best = &s;
        }
    });
    if (!best)
        return {};
    const LaneSpan& s = *best;
    const QString who = taskName(snapshot, s.task);
    const QString when = s.begin == s.end ? QStringLiteral("step %1").arg(s.begin)
                                          : QStringLiteral("steps %1 to %2 (%3 steps)").arg(s.begin).arg(s.end).arg(s.end - s.begin);
    const QString addr = QStringLiteral("0x%1").arg(s.address, 16, 16, QLatin1Char('0'));
    switch (s.kind) {
    case SpanKind::ReadSection:
        return QStringLiteral("<b>%1</b>: SRCU read section, index %2<br>%3").arg(who).arg(s.detail).arg(when);
    case SpanKind::Sleeping:
        return s.detail == kNoIndex ? QStringLiteral("<b>%1</b> off CPU %2<br>%3").arg(who).arg(cpu).arg(when)
                                    : QStringLiteral("<b>%1</b> asleep inside an SRCU section (index %2)<br>%3")
                                          .arg(who)
                                          .arg(s.detail)
                                          .arg(when);
    case SpanKind::SrcuStep:
        return QStringLiteral("<b>%1</b>: synchronize_srcu step %2<br>%3").arg(who).arg(s.detail).arg(when);
    case SpanKind::GracePeriod:
        return QStringLiteral("<b>%1</b>: grace period (synchronize_srcu)<br>%2").arg(who, when);
    case SpanKind::Evict: return QStringLiteral("<b>%1</b>: list_del_rcu of a group<br>%2").arg(who, when);
    case SpanKind::Free: return QStringLiteral("<b>%1</b>: kfree(%2)<br>%3").arg(who, addr, when);
    case SpanKind::Oops:
        return QStringLiteral("<b><font color=red>OOPS</font></b> in %1 on CPU %2 at %3, address %4")
            .arg(who)
            .arg(cpu)
            .arg(when, addr);
    }
    return {};
}

} // namespace racescope::ui
