#pragma once
// What SourcePanel shows, computed from a Snapshot: our pseudo-C listings of the functions
// the race runs through, each line with the tasks standing on it, and the seed's fsnotify
// disassembly with the tasks whose RIP is there. A task stands on the line of its innermost
// frame ("here") and on the call line of every caller ("calling").

#include "machine/function_id.h"
#include "snapshot/snapshot.h"

#include <QString>

#include <vector>

namespace racescope::ui {

struct LineMark {
    unsigned task = 0;
    bool innermost = false;
};

struct ListingLine {
    int number = 0; // 1-based, as the steps cite it
    QString text;
    std::vector<LineMark> marks;
    bool oops = false; // the faulting line of an oops
};

struct ListingBlock {
    FunctionId function = FunctionId::fsnotify;
    QString title; // "fsnotify  (ffffffff8111bf00, 0x150 bytes)"
    std::vector<ListingLine> lines;
};

struct DisassemblyRow {
    uint64_t address = 0;
    QString text;
    QString note;
    std::vector<unsigned> tasks; // fsnotify tasks whose RIP is here
    bool oops = false;
};

struct SourceListing {
    std::vector<ListingBlock> blocks;
    std::vector<DisassemblyRow> disassembly;
};

// fsnotify, fsnotify_put_group, synchronize_srcu, then their helpers.
const std::vector<FunctionId>& listedFunctions();

SourceListing computeSourceListing(const Snapshot& snapshot);

} // namespace racescope::ui
