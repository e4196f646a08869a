#pragma once
// fsnotify's machine code around the list walk, as the 2009 report printed it (objdump of
// Grant Wilson's 2.6.31-rc6 kernel, from the seed /work/shared/seeds/000_162ee39a7e0304a4.txt).
// The model's fsnotify steps set RIP to these addresses, so a task's RIP picks its line.

#include <cstdint>
#include <span>
#include <string_view>

namespace racescope::ui {

struct DisassemblyLine {
    uint64_t address;
    std::string_view text; // "48 8b 03   mov (%rbx),%rax"
    std::string_view note; // the report's annotation, if any
};

std::span<const DisassemblyLine> seedFsnotifyDisassembly();

} // namespace racescope::ui
