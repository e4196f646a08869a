#include "report/run_json.h"

#include "report/oops_report.h"

namespace racescope {

using nlohmann::json;

json oopsJson(const Machine& m, const Oops& oops)
{
    const Registers& r = oops.regs;
    json registers = {
        {"rax", hexValue(r.rax)}, {"rbx", hexValue(r.rbx)}, {"rcx", hexValue(r.rcx)}, {"rdx", hexValue(r.rdx)},
        {"rsi", hexValue(r.rsi)}, {"rdi", hexValue(r.rdi)}, {"r8", hexValue(r.r8)},   {"r9", hexValue(r.r9)},
        {"r10", hexValue(r.r10)}, {"r11", hexValue(r.r11)}, {"r12", hexValue(r.r12)}, {"r13", hexValue(r.r13)},
        {"r14", hexValue(r.r14)}, {"r15", hexValue(r.r15)}, {"rip", hexValue(r.rip)},
    };
    json j = {
        {"step", oops.step},
        {"cpu", oops.cpu},
        {"task", m.world().taskNames[oops.task]},
        {"rip", symbolize(r.rip)},
        {"kind", std::string(faultKindName(oops.kind))},
        {"address", hexValue(oops.address)},
        {"site", siteText(oops.site)},
        {"registers", registers},
        {"report", formatOopsReport(m, oops)},
        {"freed_group", nullptr},
    };
    const OopsAnalysis a = analyzeOops(m, oops);
    json walk = json::array();
    for (uint64_t object : a.walk)
        walk.push_back(hexValue(object));
    j["walk"] = walk;
    if (a.freed) {
        j["freed_group"] = {
            {"address", hexValue(a.freed->object)},
            {"group_num", a.freed->groupNum},
            {"cache", a.freed->cacheName},
            {"freed_at_step", a.freed->freeStep},
            {"freed_by", m.world().taskNames[a.freed->freeTask]},
            {"freed_on_cpu", a.freed->freeCpu},
            {"freed_at", siteText(a.freed->freeSite)},
        };
    }
    return j;
}

json runJson(const Scenario& s, const Machine& m, const RunOutcome& outcome)
{
    json faults = json::array();
    for (const FaultInfo& f : faultCatalogue()) {
        if (m.faults().has(f.id))
            faults.push_back(std::string(f.name));
    }
    json j = {
        {"scenario", s.name},
        {"seed", s.seed},
        {"strategy", std::string(strategyName(s.strategy))},
        {"allocator", std::string(allocatorName(m.world().spec.allocator))},
        {"cpus", m.cpus().size()},
        {"faults", faults},
        {"steps", outcome.steps},
        {"status", std::string(runStatusName(outcome.status))},
        {"trace_sha256", m.tracing() ? json(m.trace().sha256Hex()) : json(nullptr)},
        {"trace_records", m.trace().size()},
        {"oops", m.oopses().empty() ? json(nullptr) : oopsJson(m, m.oopses().front())},
    };
    if (!outcome.schedulerError.empty())
        j["scheduler_error"] = outcome.schedulerError;
    return j;
}

} // namespace racescope
