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

namespace {
std::string symbolText(std::string_view name, uint64_t offset, uint32_t size)
{
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, "%.*s+0x%llx/0x%x", static_cast<int>(name.size()), name.data(),
                  static_cast<unsigned long long>(offset), size);
    return buffer;
}
} // namespace

std::string symbolize(uint64_t address)
{
    for (size_t i = 0; i < static_cast<size_t>(FunctionId::Count); ++i) {
        const FunctionInfo& f = functionInfo(static_cast<FunctionId>(i));
        if (address >= f.address && address < f.address + f.size)
            return symbolText(f.name, address - f.address, f.size);
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

// A kernel function in a call trace: where it starts and how long it is, so that a frame's
// address and its "name+offset/size" agree, as the kernel's do.
struct TextSymbol {
    std::string_view name;
    uint64_t address;
    uint32_t size;
};

TextSymbol modelled(FunctionId id)
{
    const FunctionInfo& f = functionInfo(id);
    return {f.name, f.address, f.size};
}

// The system-call entry code above the modelled functions, which only call traces show. The
// addresses are invented, in the kernel's text and clear of every modelled function.
constexpr TextSymbol kSystemCallFastpath{"system_call_fastpath", 0xffffffff8100bf2c, 0x1b};
constexpr TextSymbol kDoUnlinkat{"do_unlinkat", 0xffffffff810f6a30, 0x1d0};
constexpr TextSymbol kSysUnlinkat{"sys_unlinkat", 0xffffffff810f6c10, 0x40};
constexpr TextSymbol kDoSysOpen{"do_sys_open", 0xffffffff810e6f10, 0x140};
constexpr TextSymbol kSysRead{"sys_read", 0xffffffff810e91f0, 0x90};
constexpr TextSymbol kSysWrite{"sys_write", 0xffffffff810e9290, 0x90};

struct TraceFrame {
    TextSymbol function;
    uint32_t returnOffset;
};

// The frames above the outermost modelled one, so the trace reads like the seed's. Where the
// caller is itself modelled (vfs_create's do_filp_open, inotify_read's vfs_read), it is the
// modelled function, at the same address and size as everywhere else.
std::vector<TraceFrame> entryFrames(FunctionId outermost)
{
    const TraceFrame fastpath{kSystemCallFastpath, 0x16};
    switch (outermost) {
    case FunctionId::vfs_unlink: return {{kDoUnlinkat, 0x1a3}, {kSysUnlinkat, 0x1a}, fastpath};
    case FunctionId::vfs_create: return {{modelled(FunctionId::vfs_open), 0x2b6}, {kDoSysOpen, 0x69}, fastpath};
    case FunctionId::vfs_open: return {{kDoSysOpen, 0x69}, fastpath};
    case FunctionId::vfs_write: return {{kSysWrite, 0x51}, fastpath};
    case FunctionId::vfs_read: return {{kSysRead, 0x51}, fastpath};
    case FunctionId::inotify_read: return {{modelled(FunctionId::vfs_read), 0xb5}, {kSysRead, 0x51}, fastpath};
    default: return {fastpath};
    }
}

// Where a modelled caller resumes after the call its frame is in. fsnotify's calls are the
// seed's instructions (a 5-byte callq to srcu_read_lock at +0x77, `callq *(%rax)` at +0xb5,
// `callq *0x8(%rax)` at +0xcd, ...); elsewhere a listing line is 4 bytes and a call 5.
uint32_t returnOffset(FunctionId caller, uint8_t line)
{
    if (caller == FunctionId::fsnotify) {
        switch (line) {
        case 11: return 0x7c;  // srcu_read_lock
        case 18: return 0xb7;  // ops->should_send_event
        case 20: return 0x10d; // fsnotify_create_event
        case 23: return 0xd0;  // ops->handle_event
        case 28: return 0xe7;  // srcu_read_unlock
        case 30: return 0xf5;  // kfree of the event
        default: break;
        }
    }
    return 4u * line + 5;
}

std::string traceLine(const TextSymbol& function, uint32_t offset)
{
    return " [<" + hex16(function.address + offset) + ">] " + symbolText(function.name, offset, function.size) + "\n";
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
        out += traceLine(modelled(siteFunction(site)), returnOffset(siteFunction(site), siteLine(site)));
    }
    if (!oops.callSites.empty()) {
        for (const TraceFrame& frame : entryFrames(siteFunction(oops.callSites.back())))
            out += traceLine(frame.function, frame.returnOffset);
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
