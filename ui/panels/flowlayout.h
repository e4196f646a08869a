#pragma once
// The notification flow as boxes and edges: tasks that make file operations on the left,
// the groups in the middle with their queues, the tasks that read them on the right.
// A snapshot shows only the present, so FlowHistory remembers across frames who has
// produced and consumed (columns stay stable instead of jumping as tasks come and go) and
// counts, per group, the events that arrived and the ones drained.
//
// What a snapshot cannot say: which inode a group watches and which group a reader's fd
// names. Edges therefore follow masks (an event reaches a group whose mask has its bit, as
// fsnotify's test does), and drains go to whichever readers are in inotify_read.

#include "snapshot/snapshot.h"

#include <QRectF>
#include <QString>
#include <QStringList>

#include <map>
#include <utility>
#include <vector>

namespace racescope::ui {

struct FlowHistory {
    struct GroupCounts {
        uint64_t arrived = 0, drained = 0;
        uint32_t lastQ = 0;
        bool drainedNow = false, arrivedNow = false;
    };
    std::map<uint8_t, uint32_t> producers; // task -> union of the event masks it sent
    std::vector<uint8_t> consumers;        // tasks seen in inotify_read, in order first seen
    std::map<std::pair<uint64_t, uint32_t>, GroupCounts> groups; // (address, generation)

    void clear() { *this = {}; }
    void add(const Snapshot& snapshot);
};

enum class FlowBoxKind : uint8_t { Producer, Group, Consumer };

struct FlowBox {
    FlowBoxKind kind = FlowBoxKind::Producer;
    QRectF rect;
    QString title;
    QStringList lines;
    int index = 0;        // task index, or index into Snapshot::groups
    bool active = false;  // working right now
    bool dimmed = false;  // a group off the list, or a task not in this role now
    bool faulting = false; // the task that oopsed
    QRectF queueBar;      // groups: the bar's full extent
    double queueFill = 0; // 0..1 of the bar
    uint32_t qLen = 0;
};

struct FlowEdge {
    int from = 0, to = 0; // into FlowLayout::boxes
    bool active = false;  // the event is passing along it now
    bool drain = false;   // group -> consumer
};

struct FlowLayout {
    std::vector<FlowBox> boxes;
    std::vector<FlowEdge> edges;
    QRectF producerColumn, groupColumn, consumerColumn;
};

// The event mask a file operation sends (without FS_EVENT_ON_CHILD), 0 for other calls.
uint32_t opEventMask(FunctionId outermost);
QString maskNames(uint32_t mask);

FlowLayout computeFlowLayout(const Snapshot& snapshot, const FlowHistory& history, QSizeF size);

} // namespace racescope::ui
