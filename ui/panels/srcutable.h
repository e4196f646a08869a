#pragma once
// What SrcuPanel shows, computed from a Snapshot without a widget: fsnotify_grp_srcu's
// per-CPU counters with their sums, `completed`, the mutex owner, and each writer's place
// in synchronize_srcu (MODEL.md section 3). Single counters may be negative (a reader
// unlocked on another CPU than it locked on); only the sums mean anything, so the sums row
// is the one to watch.

#include "snapshot/snapshot.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace racescope::ui {

struct SrcuWriterRow {
    unsigned task = 0;
    QString taskName;
    int step = 0;  // 1..10
    QString text;  // "step 8: while the sum of c[*][1] is non-zero, sleep and re-scan"
};

struct SrcuTable {
    uint32_t completed = 0;
    int currentIndex = 0; // completed & 1: the index new readers take
    std::vector<std::array<int32_t, 2>> counters;
    std::array<int64_t, 2> sums{};
    int scanned = -1;     // the index a writer waits on in step 8, -1 if none
    QString mutexOwner;   // "" when free
    std::vector<SrcuWriterRow> writers;
};

// MODEL.md's synchronize_srcu step, 1..10, as one line of text.
QString srcuStepText(int step);

SrcuTable computeSrcuTable(const Snapshot& snapshot);

} // namespace racescope::ui
