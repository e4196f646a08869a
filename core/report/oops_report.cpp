#include "report/oops_report.h"

#include "fsnotify/group_layout.h"
#include "memory/layout.h"

#include <array>
#include <cstdio>

namespace racescope {

std::string hex16(uint64_t value)
{
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string hexValue(uint64_t value)
{
    char buffer[19];
    std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
    return buffer;
}

std::string symbolize(uint64_t address)
{
    for (size_t i = 0; i < static_cast<size_t>(FunctionId::Count); ++i) {
        const FunctionInfo& f = functionInfo(static_cast<FunctionId>(i));
        if (address >= f.address && address < f.address + f.size) {
            char buffer[128];
            std::snprintf(buffer, sizeof buffer, "%.*s+0x%llx/0x%x", static_cast<int>(f.name.size()),
                          f.name.data(), static_cast<unsigned long long>(address - f.address), f.size);
            return buffer;
        }
    }
    return hexValue(address);
}

std::string siteText(uint16_t site)
{
    const FunctionId fn = siteFunction(site);
    const uint8_t line = siteLine(site);
    std::string text = std::string(functionInfo(fn).name) + " line " + std::to_string(line);
    const auto& lines = listingLines(fn);
    if (line >= 1 && line <= lines.size()) {
        std::string_view code = lines[line - 1];
        while (!code.empty() && (code.front() == '\t' || code.front() == ' '))
            code.remove_prefix(1);
        text += ": " + std::string(code);
    }
    return text;
}

OopsAnalysis analyzeOops(const Machine& m, const Oops& oops)
{
    OopsAnalysis a;
    const SlabAllocator& slab = m.allocator();
    for (size_t i = 0; i < oops.walk.size(); ++i) {
        const uint64_t source = oops.walk[i];
        std::optional<ObjectRef> ref = slab.objectAt(source);
        if (!ref)
            continue; // the static list head
        a.walk.push_back(ref->base);
        // As the object was at the oops, not as the run has left it since.
        const ObjectShadow& s = i < oops.walkShadows.size() ? oops.walkShadows[i] : slab.shadow(*ref);
        // The first object on the walk that was freed after the reader's section began is
        // where the walk left the list (it may have been reallocated since).
        if (!a.freed && s.generation > 0 && s.freeStep != 0 && s.freeStep >= oops.readLockStep) {
            FreedObjectOnWalk f;
            f.object = ref->base;
            f.nextWord = source;
            f.cacheName = slab.cache(ref->cache).name;
            f.groupNum = s.tag;
            f.freeStep = s.freeStep;
            f.freeTask = s.freeTask;
            f.freeCpu = s.freeCpu;
            f.freeSite = s.freeSite;
            a.freed = f;
        }
    }
    return a;
}

namespace {

// The system-call entry frames above the modelled ones, so the trace reads like the seed's.
std::vector<std::string> entryFrames(FunctionId outermost)
{
    switch (outermost) {
    case FunctionId::vfs_unlink:
        return {"do_unlinkat+0x1a3/0x1d0", "sys_unlinkat+0x1a/0x40", "system_call_fastpath+0x16/0x1b"};
    case FunctionId::vfs_create: return {"do_filp_open+0x2b6/0x970", "do_sys_open+0x69/0x140",
                                         "system_call_fastpath+0x16/0x1b"};
    case FunctionId::vfs_open: return {"do_sys_open+0x69/0x140", "system_call_fastpath+0x16/0x1b"};
    case FunctionId::vfs_write: return {"sys_write+0x51/0x90", "system_call_fastpath+0x16/0x1b"};
    case FunctionId::vfs_read: return {"sys_read+0x51/0x90", "system_call_fastpath+0x16/0x1b"};
    case FunctionId::inotify_read: return {"vfs_read+0xb5/0x1a0", "sys_read+0x51/0x90",
                                           "system_call_fastpath+0x16/0x1b"};
    default: return {"system_call_fastpath+0x16/0x1b"};
    }
}

std::string headline(const Oops& oops)
{
    switch (oops.kind) {
    case AccessFaultKind::NullPointer:
        return "BUG: unable to handle kernel NULL pointer dereference at " + hex16(oops.address);
    case AccessFaultKind::PagingRequest:
        return "BUG: unable to handle kernel paging request at " + hex16(oops.address);
    case AccessFaultKind::GeneralProtection: return "general protection fault: 0000 [#1] SMP";
    case AccessFaultKind::BadFree: return "kernel BUG at mm/slub.c:2969!";
    case AccessFaultKind::UseAfterFree: break; // formatted by kasanReport()
    case AccessFaultKind::None: break;
    }
    return "BUG: oops";
}

std::string pair3(const char* a, uint64_t va, const char* b, uint64_t vb, const char* c, uint64_t vc)
{
    return std::string(a) + ": " + hex16(va) + " " + b + ": " + hex16(vb) + " " + c + ": " + hex16(vc) + "\n";
}

} // namespace

namespace {
// KASAN's report: the bad access, then who allocated and who freed the object.
std::string kasanReport(const Machine& m, const Oops& oops)
{
    const std::string& comm = m.world().taskNames[oops.task];
    std::string out = "==================================================================\n";
    out += "BUG: KASAN: use-after-free in " + symbolize(oops.regs.rip) + "\n";
    out += std::string(oops.write ? "Write" : "Read") + " of size 8 at addr " + hex16(oops.address) + " by task " +
           comm + "/" + std::to_string(1000 + oops.task) + "\n\nCall Trace:\n";
    for (uint16_t site : oops.callSites)
        out += " " + siteText(site) + "\n";
    const std::optional<ObjectRef> ref = m.allocator().objectAt(oops.address);
    if (ref) {
        const ObjectShadow& s = oops.faultShadow ? *oops.faultShadow : m.allocator().shadow(*ref);
        auto who = [&](uint8_t task) { return task == kNoTask ? std::string("boot") : m.world().taskNames[task]; };
        out += "\nAllocated by task " + who(s.allocTask) + " at step " + std::to_string(s.allocStep) + " on CPU " +
               std::to_string(s.allocCpu) + ":\n " + (s.allocSite ? siteText(s.allocSite) : std::string("boot")) + "\n";
        out += "\nFreed by task " + who(s.freeTask) + " at step " + std::to_string(s.freeStep) + " on CPU " +
               std::to_string(s.freeCpu) + ":\n " + (s.freeSite ? siteText(s.freeSite) : std::string("(never allocated)")) + "\n";
        const KmemCache& c = m.allocator().cache(ref->cache);
        out += "\nThe buggy address belongs to the object at " + hex16(ref->base) + "\n which belongs to the cache " +
               c.name + " of size " + std::to_string(c.objectSize) + "\nThe buggy address is located " +
               std::to_string(ref->offset) + " bytes inside of\n " + std::to_string(c.objectSize) + "-byte region [" +
               hex16(ref->base) + ", " + hex16(ref->base + c.objectSize) + ")\n";
    }
    out += "==================================================================\n";
    return out;
}
} // namespace

std::string formatOopsReport(const Machine& m, const Oops& oops)
{
    if (oops.kind == AccessFaultKind::UseAfterFree)
        return kasanReport(m, oops);
    const Registers& r = oops.regs;
    const std::string& comm = m.world().taskNames[oops.task];
    // A plausible kernel stack per task, in the seed's range.
    const uint64_t rsp = 0xffff880120c89d88ull - 0x4000ull * oops.task;
    const uint64_t rbp = rsp + 0x70;
    std::string out;
    out += headline(oops) + "\n";
    if (oops.kind == AccessFaultKind::NullPointer || oops.kind == AccessFaultKind::PagingRequest) {
        out += "IP: [<" + hex16(r.rip) + ">] " + symbolize(r.rip) + "\n";
        out += "PGD 0 \n";
        out += std::string("Oops: 000") + (oops.write ? "2" : "0") + " [#1] SMP \n";
    } else if (oops.kind == AccessFaultKind::BadFree) {
        out += "invalid opcode: 0000 [#1] SMP \n";
    }
    out += "CPU " + std::to_string(oops.cpu) + " \n";
    out += "Pid: " + std::to_string(1000 + oops.task) + ", comm: " + comm +
           " Not tainted 2.6.31-rc6 #1 RaceScope\n";
    out += "RIP: 0010:[<" + hex16(r.rip) + ">]  [<" + hex16(r.rip) + ">] " + symbolize(r.rip) + "\n";
    out += "RSP: 0018:" + hex16(rsp) + "  EFLAGS: 00010246\n";
    out += pair3("RAX", r.rax, "RBX", r.rbx, "RCX", r.rcx);
    out += pair3("RDX", r.rdx, "RSI", r.rsi, "RDI", r.rdi);
    out += pair3("RBP", rbp, "R08", r.r8, "R09", r.r9);
    out += pair3("R10", r.r10, "R11", r.r11, "R12", r.r12);
    out += pair3("R13", r.r13, "R14", r.r14, "R15", r.r15);
    out += "Call Trace:\n";
    for (size_t i = 1; i < oops.callSites.size(); ++i) {
        const uint16_t site = oops.callSites[i];
        const FunctionInfo& f = functionInfo(siteFunction(site));
        const uint64_t ret = f.address + (f.id == FunctionId::fsnotify ? 0 : 4u * siteLine(site)) + 5;
        out += " [<" + hex16(ret) + ">] " + symbolize(ret) + "\n";
    }
    if (!oops.callSites.empty()) {
        for (const std::string& frame : entryFrames(siteFunction(oops.callSites.back())))
            out += " [<ffffffff8100bf42>] " + frame + "\n";
    }
    out += "RIP  [<" + hex16(r.rip) + ">] " + symbolize(r.rip) + "\n";
    out += " RSP <" + hex16(rsp) + ">\n";
    if (oops.kind == AccessFaultKind::NullPointer || oops.kind == AccessFaultKind::PagingRequest)
        out += "CR2: " + hex16(oops.address) + "\n";
    out += "---[ end trace " + hex16(0x2009082100000000ull + oops.step).substr(0, 16) + " ]---\n";

    // What the machine knows and the kernel could not print.
    out += "\nRaceScope: step " + std::to_string(oops.step) + ", CPU " + std::to_string(oops.cpu) + ", task " +
           comm + ": " + siteText(oops.site) + "\n";
    if (oops.pointerLoadStep != 0 || oops.pointerSource != 0) {
        out += "RaceScope: the pointer it dereferenced was read at step " + std::to_string(oops.pointerLoadStep) +
               " from " + hexValue(oops.pointerSource);
        if (oops.pointerSource == layout::fsnotify_groups)
            out += " (fsnotify_groups.next)";
        out += "\n";
    }
    const OopsAnalysis a = analyzeOops(m, oops);
    if (a.freed) {
        const FreedObjectOnWalk& f = *a.freed;
        out += "RaceScope: the walk stood on group " + std::to_string(f.groupNum) + " at " + hexValue(f.object) +
               " (" + f.cacheName + "), freed at step " + std::to_string(f.freeStep) + " by task " +
               m.world().taskNames[f.freeTask] + " on CPU " + std::to_string(f.freeCpu) + " (" +
               siteText(f.freeSite) + ")";
        if (oops.readLockStep != 0 && f.freeStep > oops.readLockStep)
            out += ", while the reader had been inside its SRCU read-side section since step " +
                   std::to_string(oops.readLockStep);
        out += "\n";
        out += "RaceScope: after the free its ->next held " +
               std::string(m.allocator().kind() == AllocatorKind::SlubPoison ? "slub_debug's poison"
                                                                              : "the allocator's freelist link") +
               "; the walk went on through";
        bool after = false;
        for (uint64_t object : a.walk) {
            if (object == f.object)
                after = true;
            if (after)
                out += " " + hexValue(object) + " ->";
        }
        out += " " + hexValue(oops.address) + "\n";
    }
    return out;
}

} // namespace racescope
