#include "panels/seeddisassembly.h"

#include <array>

namespace racescope::ui {

namespace {
// Copied from the seed report (annotations shortened), except the first and the last four
// lines: places the model's fsnotify reaches outside the window the report printed.
constexpr std::array<DisassemblyLine, 35> kLines = {{
    {0xffffffff8111bf4a, "...                     fsnotify+0x4a: test_mask & fsnotify_mask", ""},
    {0xffffffff8111bf77, "e8 94 ce f6 ff          callq  ffffffff81088e10 <srcu_read_lock>", ""},
    {0xffffffff8111bf7c, "48 8b 1d 3d b5 6d 00    mov    0x6db53d(%rip),%rbx  # <fsnotify_groups>", ""},
    {0xffffffff8111bf83, "89 45 ac                mov    %eax,-0x54(%rbp)", ""},
    {0xffffffff8111bf86, "48 c7 45 c8 00 00 00 00 movq   $0x0,-0x38(%rbp)", ""},
    {0xffffffff8111bf8e, "eb 03                   jmp    ffffffff8111bf93 <fsnotify+0x93>", ""},
    {0xffffffff8111bf90, "48 8b 1b                mov    (%rbx),%rbx", ""},
    {0xffffffff8111bf93, "48 8b 03                mov    (%rbx),%rax", "IP IS HERE"},
    {0xffffffff8111bf96, "48 81 fb c0 74 7f 81    cmp    $0xffffffff817f74c0,%rbx", ""},
    {0xffffffff8111bf9d, "0f 18 08                prefetcht0 (%rax)", ""},
    {0xffffffff8111bfa0, "74 36                   je     ffffffff8111bfd8 <fsnotify+0xd8>", ""},
    {0xffffffff8111bfa2, "44 85 63 10             test   %r12d,0x10(%rbx)", "if (test_mask & group->mask)"},
    {0xffffffff8111bfa6, "74 e8                   je     ffffffff8111bf90 <fsnotify+0x90>", ""},
    {0xffffffff8111bfa8, "48 8b 43 20             mov    0x20(%rbx),%rax", ""},
    {0xffffffff8111bfac, "44 89 ea                mov    %r13d,%edx", ""},
    {0xffffffff8111bfaf, "4c 89 f6                mov    %r14,%rsi", ""},
    {0xffffffff8111bfb2, "48 89 df                mov    %rbx,%rdi", ""},
    {0xffffffff8111bfb5, "ff 10                   callq  *(%rax)", "group->ops->should_send_event()"},
    {0xffffffff8111bfb7, "84 c0                   test   %al,%al", ""},
    {0xffffffff8111bfb9, "74 d5                   je     ffffffff8111bf90 <fsnotify+0x90>", ""},
    {0xffffffff8111bfbb, "48 83 7d c8 00          cmpq   $0x0,-0x38(%rbp)", ""},
    {0xffffffff8111bfc0, "74 46                   je     ffffffff8111c008 <fsnotify+0x108>", "fsnotify_create_event()"},
    {0xffffffff8111bfc2, "48 8b 43 20             mov    0x20(%rbx),%rax", ""},
    {0xffffffff8111bfc6, "48 8b 75 c8             mov    -0x38(%rbp),%rsi", ""},
    {0xffffffff8111bfca, "48 89 df                mov    %rbx,%rdi", ""},
    {0xffffffff8111bfcd, "ff 50 08                callq  *0x8(%rax)", "group->ops->handle_event()"},
    {0xffffffff8111bfd0, "eb be                   jmp    ffffffff8111bf90 <fsnotify+0x90>", ""},
    {0xffffffff8111bfd2, "66 0f 1f 44 00 00       nopw   0x0(%rax,%rax,1)", ""},
    {0xffffffff8111bfd8, "8b 75 ac                mov    -0x54(%rbp),%esi", ""},
    {0xffffffff8111bfdb, "48 c7 c7 60 b3 3f 82    mov    $0xffffffff823fb360,%rdi", ""},
    {0xffffffff8111bfe2, "e8 c9 cd f6 ff          callq  ffffffff81088db0 <srcu_read_unlock>", ""},
    {0xffffffff8111bff0, "...                     fsnotify+0xf0: fsnotify_put_event(event)", ""},
    {0xffffffff8111c008, "...                     fsnotify+0x108: call fsnotify_create_event", ""},
    {0xffffffff8111c01c, "...                     fsnotify+0x11c: OOM, out of the walk", ""},
    {0xffffffff8111c04f, "...                     fsnotify+0x14f: retq", ""},
}};
} // namespace

std::span<const DisassemblyLine> seedFsnotifyDisassembly() { return kLines; }

} // namespace racescope::ui
