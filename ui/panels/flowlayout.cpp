#include "panels/flowlayout.h"

#include "fsnotify/group_layout.h"

#include <algorithm>
#include <unordered_map>

namespace racescope::ui {

namespace {

constexpr double kMargin = 8, kTitle = 22, kGap = 4, kMaxBoxH = 58, kMinBoxH = 16;

bool calls(const TaskView& t, FunctionId fn)
{
    return std::any_of(t.callSites.begin(), t.callSites.end(), [fn](uint16_t s) { return siteFunction(s) == fn; });
}

uint32_t taskEventMask(const TaskView& t)
{
    return t.callSites.empty() ? 0 : opEventMask(siteFunction(t.callSites.front()));
}

const racescope::ReaderMarker* readerOf(const Snapshot& s, uint8_t task)
{
    for (const racescope::ReaderMarker& r : s.readers)
        if (r.task == task && r.function == FunctionId::fsnotify)
            return &r;
    return nullptr;
}

// Boxes top to bottom; when they would get thinner than kMinBoxH, in several sub-columns.
void stack(std::vector<FlowBox>& boxes, size_t first, const QRectF& column)
{
    const size_t n = boxes.size() - first;
    if (n == 0)
        return;
    const auto fit = static_cast<size_t>(std::max(1.0, (column.height() + kGap) / (kMinBoxH + kGap)));
    const size_t cols = (n + fit - 1) / fit, rows = (n + cols - 1) / cols;
    const double w = (column.width() - kGap * static_cast<double>(cols - 1)) / static_cast<double>(cols);
    const double h = std::min(kMaxBoxH, (column.height() - kGap * static_cast<double>(rows - 1)) / static_cast<double>(rows));
    for (size_t i = 0; i < n; ++i) {
        const double col = static_cast<double>(i / rows), row = static_cast<double>(i % rows);
        boxes[first + i].rect = {column.left() + col * (w + kGap), column.top() + row * (h + kGap), w, h};
    }
}

} // namespace

uint32_t opEventMask(FunctionId fn)
{
    using namespace fs_mask;
    switch (fn) {
    case FunctionId::vfs_unlink: return FS_DELETE;
    case FunctionId::vfs_create: return FS_CREATE;
    case FunctionId::vfs_open: return FS_OPEN;
    case FunctionId::vfs_write: return FS_MODIFY;
    case FunctionId::vfs_read: return FS_ACCESS;
    default: return 0;
    }
}

QString maskNames(uint32_t mask)
{
    // Every frame names the masks of every group and producer, and there are only a few.
    thread_local std::unordered_map<uint32_t, QString> named;
    if (const auto it = named.find(mask); it != named.end())
        return it->second;
    using namespace fs_mask;
    QStringList names;
    const std::pair<uint32_t, const char*> bits[] = {{FS_ACCESS, "ACCESS"}, {FS_MODIFY, "MODIFY"}, {FS_ATTRIB, "ATTRIB"},
                                                     {FS_CLOSE_WRITE, "CLOSE_WRITE"}, {FS_OPEN, "OPEN"},
                                                     {FS_CREATE, "CREATE"}, {FS_DELETE, "DELETE"}};
    for (const auto& [bit, name] : bits)
        if (mask & bit)
            names << QLatin1String(name);
    const QString name = names.isEmpty() ? QStringLiteral("0x%1").arg(mask, 0, 16) : names.join(QLatin1Char('|'));
    if (named.size() < 256)
        named.emplace(mask, name);
    return name;
}

void FlowHistory::add(const Snapshot& s)
{
    for (uint8_t t = 0; t < s.tasks.size(); ++t) {
        if (const uint32_t m = taskEventMask(s.tasks[t]))
            producers[t] |= m;
        if (calls(s.tasks[t], FunctionId::inotify_read) && std::find(consumers.begin(), consumers.end(), t) == consumers.end())
            consumers.push_back(t);
    }
    for (auto& [key, c] : groups)
        c.arrivedNow = c.drainedNow = false;
    for (const GroupObject& g : s.groups) {
        if (g.life == ObjectLife::Free)
            continue;
        GroupCounts& c = groups[{g.address, g.generation}];
        if (g.qLen > c.lastQ) {
            c.arrived += g.qLen - c.lastQ;
            c.arrivedNow = true;
        } else if (g.qLen < c.lastQ) {
            c.drained += c.lastQ - g.qLen;
            c.drainedNow = true;
        }
        c.lastQ = g.qLen;
    }
}

FlowLayout computeFlowLayout(const Snapshot& s, const FlowHistory& h, QSizeF size)
{
    FlowLayout out;
    const double w = size.width() - 2 * kMargin, top = kMargin + kTitle, height = size.height() - top - kMargin - 30; // room for the oops banner
    out.producerColumn = {kMargin, top, w * 0.24, height};
    out.groupColumn = {kMargin + w * 0.36, top, w * 0.30, height};
    out.consumerColumn = {kMargin + w * 0.76, top, w * 0.24, height};

    for (const auto& [task, mask] : h.producers) {
        const TaskView& t = s.tasks[task];
        FlowBox b;
        b.kind = FlowBoxKind::Producer;
        b.index = task;
        b.title = QString::fromStdString(t.name);
        const uint32_t now = taskEventMask(t);
        b.active = now != 0;
        b.dimmed = !b.active;
        b.faulting = !s.oopses.empty() && s.oopses.back().task == task;
        b.lines << (b.active ? QStringLiteral("%1 on CPU %2").arg(functionInfo(siteFunction(t.callSites.front())).name.data()).arg(t.cpu)
                             : QStringLiteral("between operations"));
        b.lines << QStringLiteral("sends %1").arg(maskNames(b.active ? now : mask));
        out.boxes.push_back(b);
    }
    stack(out.boxes, 0, out.producerColumn);

    // Groups: the list in order first, then objects off it that still hold events.
    const size_t groupsFirst = out.boxes.size();
    std::vector<int> order;
    for (uint64_t a : s.listOrder)
        for (size_t i = 0; i < s.groups.size(); ++i)
            if (s.groups[i].address == a)
                order.push_back(static_cast<int>(i));
    for (size_t i = 0; i < s.groups.size(); ++i)
        if (s.groups[i].life == ObjectLife::Unlinked || s.groups[i].life == ObjectLife::Initialising)
            order.push_back(static_cast<int>(i));
    uint32_t longest = 4;
    for (int i : order)
        longest = std::max(longest, s.groups[i].qLen);
    for (int i : order) {
        const GroupObject& g = s.groups[i];
        FlowBox b;
        b.kind = FlowBoxKind::Group;
        b.index = i;
        b.title = QStringLiteral("group %1").arg(g.groupNum);
        b.dimmed = g.life != ObjectLife::Live;
        auto counts = h.groups.find({g.address, g.generation});
        const FlowHistory::GroupCounts c = counts == h.groups.end() ? FlowHistory::GroupCounts{} : counts->second;
        b.active = c.arrivedNow || c.drainedNow;
        b.lines << maskNames(g.mask & ~fs_mask::FS_EVENT_ON_CHILD);
        b.lines << QStringLiteral("in %1  out %2%3").arg(c.arrived).arg(c.drained)
                       .arg(g.life == ObjectLife::Unlinked ? QStringLiteral("  (unlinked)")
                            : g.life == ObjectLife::Initialising ? QStringLiteral("  (initialising)") : QString());
        b.qLen = g.qLen;
        b.queueFill = static_cast<double>(g.qLen) / longest;
        out.boxes.push_back(b);
    }
    stack(out.boxes, groupsFirst, out.groupColumn);
    for (size_t i = groupsFirst; i < out.boxes.size(); ++i) {
        const QRectF& r = out.boxes[i].rect;
        out.boxes[i].queueBar = {r.right() - r.width() * 0.32, r.top() + 3, r.width() * 0.32 - 4, std::min(12.0, r.height() / 3)};
    }

    const size_t consumersFirst = out.boxes.size();
    for (uint8_t task : h.consumers) {
        const TaskView& t = s.tasks[task];
        FlowBox b;
        b.kind = FlowBoxKind::Consumer;
        b.index = task;
        b.title = QString::fromStdString(t.name);
        b.active = calls(t, FunctionId::inotify_read);
        b.dimmed = !b.active;
        b.lines << (b.active ? QStringLiteral("in inotify_read on CPU %1").arg(t.cpu) : QStringLiteral("not reading"));
        out.boxes.push_back(b);
    }
    stack(out.boxes, consumersFirst, out.consumerColumn);

    // Edges: every producer to every group its mask reaches; the one it stands on is active.
    for (size_t p = 0; p < groupsFirst; ++p) {
        const uint8_t task = static_cast<uint8_t>(out.boxes[p].index);
        const uint32_t mask = out.boxes[p].active ? taskEventMask(s.tasks[task]) : h.producers.at(task);
        const racescope::ReaderMarker* r = out.boxes[p].active ? readerOf(s, task) : nullptr;
        for (size_t g = groupsFirst; g < consumersFirst; ++g) {
            const GroupObject& o = s.groups[out.boxes[g].index];
            if (!(o.mask & mask) || o.life != ObjectLife::Live)
                continue;
            out.edges.push_back({static_cast<int>(p), static_cast<int>(g), r && r->standingOn == o.address, false});
        }
    }
    for (size_t g = groupsFirst; g < consumersFirst; ++g) {
        const GroupObject& o = s.groups[out.boxes[g].index];
        auto counts = h.groups.find({o.address, o.generation});
        if (counts == h.groups.end() || !counts->second.drainedNow)
            continue;
        for (size_t c = consumersFirst; c < out.boxes.size(); ++c)
            out.edges.push_back({static_cast<int>(g), static_cast<int>(c), true, true});
    }
    return out;
}

} // namespace racescope::ui
