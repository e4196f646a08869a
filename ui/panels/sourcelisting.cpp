#include "panels/sourcelisting.h"

#include "panels/seeddisassembly.h"

namespace racescope::ui {

const std::vector<FunctionId>& listedFunctions()
{
    static const std::vector<FunctionId> kFunctions = {
        FunctionId::fsnotify,          FunctionId::fsnotify_put_group,    FunctionId::synchronize_srcu,
        FunctionId::srcu_read_lock,    FunctionId::srcu_read_unlock,      FunctionId::synchronize_sched,
        FunctionId::fsnotify_obtain_group, FunctionId::fsnotify_destroy_group,
    };
    return kFunctions;
}

namespace {
ListingBlock makeBlock(FunctionId fn)
{
    const FunctionInfo& info = functionInfo(fn);
    ListingBlock block;
    block.function = fn;
    block.title = QStringLiteral("%1  (%2, %3 bytes)")
                      .arg(QString::fromUtf8(info.name.data(), qsizetype(info.name.size())))
                      .arg(info.address, 16, 16, QLatin1Char('0'))
                      .arg(info.size);
    int number = 0;
    for (std::string_view text : listingLines(fn)) {
        ListingLine line;
        line.number = ++number;
        line.text = QString::fromUtf8(text.data(), qsizetype(text.size()));
        block.lines.push_back(std::move(line));
    }
    return block;
}

ListingLine* lineAt(SourceListing& listing, uint16_t site)
{
    const FunctionId fn = siteFunction(site);
    const int number = siteLine(site);
    for (ListingBlock& block : listing.blocks) {
        if (block.function == fn && number >= 1 && number <= int(block.lines.size()))
            return &block.lines[size_t(number - 1)];
    }
    return nullptr;
}
} // namespace

SourceListing computeSourceListing(const Snapshot& s)
{
    SourceListing listing;
    for (FunctionId fn : listedFunctions())
        listing.blocks.push_back(makeBlock(fn));
    for (const DisassemblyLine& d : seedFsnotifyDisassembly()) {
        listing.disassembly.push_back({d.address, QString::fromUtf8(d.text.data(), qsizetype(d.text.size())),
                                       QString::fromUtf8(d.note.data(), qsizetype(d.note.size())), {}, false});
    }
    for (size_t t = 0; t < s.tasks.size(); ++t) {
        const TaskView& task = s.tasks[t];
        for (size_t i = 0; i < task.callSites.size(); ++i) {
            if (ListingLine* line = lineAt(listing, task.callSites[i]))
                line->marks.push_back({unsigned(t), i + 1 == task.callSites.size()});
        }
        const bool inFsnotify = !task.callSites.empty() &&
                                siteFunction(task.callSites.back()) == FunctionId::fsnotify;
        if (!inFsnotify)
            continue;
        for (DisassemblyRow& row : listing.disassembly) {
            if (row.address == task.regs.rip)
                row.tasks.push_back(unsigned(t));
        }
    }
    for (const Oops& oops : s.oopses) {
        if (ListingLine* line = lineAt(listing, oops.site))
            line->oops = true;
        for (DisassemblyRow& row : listing.disassembly) {
            if (row.address == oops.regs.rip)
                row.oops = true;
        }
    }
    return listing;
}

} // namespace racescope::ui
