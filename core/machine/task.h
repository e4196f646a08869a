#pragma once
// A simulated task: its scheduling state, call stack of modelled kernel functions, and the
// registers the seed's oops shows. All plain values, so a machine copies and compares.

#include "machine/function_id.h"

#include <array>
#include <cstdint>

namespace racescope {

class Exec;
enum class Flow : uint8_t; // exec.h
// The code of one step of one modelled function at one pc (steps.h).
using StepFn = Flow (*)(Exec& x);

enum class TaskState : uint8_t {
    Runnable, // on its CPU, or off it (preempted, or back from a voluntary sleep)
    Blocked,  // asleep on a mutex; unlock makes it runnable
    WaitGp,   // asleep in synchronize_sched() until every CPU passed a quiescent state
    Done,     // program finished
    Dead,     // oopsed (only with OopsPolicy::KillTask)
};

enum class SleepReason : uint8_t { None, Preempted, Voluntary, Mutex, GracePeriod, Tick };

std::string_view taskStateName(TaskState state);
std::string_view sleepReasonName(SleepReason reason);

struct Registers {
    uint64_t rax = 0, rbx = 0, rcx = 0, rdx = 0, rsi = 0, rdi = 0, rbp = 0, rsp = 0;
    uint64_t r8 = 0, r9 = 0, r10 = 0, r11 = 0, r12 = 0, r13 = 0, r14 = 0, r15 = 0;
    uint64_t rip = 0;
    bool operator==(const Registers&) const = default;
};

struct Frame {
    // pc, then fn: read together as one little-endian 16-bit word they are fn * 256 + pc,
    // the index of the frame's handler in the dispatch table (dispatch.cpp).
    uint8_t pc = 0; // which step of the function runs next
    FunctionId fn = FunctionId::UserMode;
    uint8_t line = 0; // listing line of the last step taken
    std::array<uint64_t, 4> arg{};
    std::array<uint64_t, 4> local{};
    bool operator==(const Frame&) const = default;
};

inline constexpr unsigned kMaxDepth = 8;

// Padded to a power-of-two size (936 bytes to 1024): every step finds its task from an index
// drawn at random, and a shift gets there a few cycles sooner than a multiplication, on the
// path from the draw to the step's handler call (docs/benchmarks.md).
struct alignas(1024) Task {
    TaskState state = TaskState::Runnable;
    SleepReason reason = SleepReason::None;
    uint8_t cpu = 0;      // the CPU it runs on, or last ran on
    bool migratable = true;
    uint8_t depth = 0;    // 0: in user mode
    // The handler of the top frame's (function, pc), or null in user mode. Derived from the
    // stack and set by the machine after every step of the task, so that its next step finds
    // its code in one load: with a randomly chosen task that load's latency is part of every
    // mispredicted call. Not part of the state (stateHash); copies carry it along.
    StepFn step = nullptr;
    std::array<Frame, kMaxDepth> stack{};
    Registers regs;
    uint64_t retval = 0;
    uint64_t waitAddress = 0; // the mutex it sleeps on
    uint64_t gpPending = 0;   // CPUs that still owe synchronize_sched() a quiescent state
    uint32_t opIndex = 0;
    uint32_t opRepeat = 0;    // repeats of the current op already done
    uint32_t loopsDone = 0;
    uint64_t syscalls = 0;
    uint64_t pointerSource = 0; // where the pointer being dereferenced was loaded from
    uint64_t pointerStep = 0;
    // The ->next words the current list walk followed, oldest first (the last kWalkMemory):
    // enough for a report to find where the walk left the list.
    static constexpr unsigned kWalkMemory = 8;
    std::array<uint64_t, kWalkMemory> walk{};
    uint32_t walkLength = 0;
    uint64_t readLockStep = 0; // when the current SRCU read-side section began
    std::array<uint64_t, 8> fds{};

    Frame& top() { return stack[depth - 1]; }
    const Frame& top() const { return stack[depth - 1]; }
    bool inKernel() const { return depth > 0; }
    bool operator==(const Task&) const = default;
};

struct Cpu {
    uint8_t current = 0xff; // task index, or 0xff when idle
    uint8_t preemptCount = 0;
    uint64_t quiescentStates = 0; // context switches, idle entries and returns to user mode
    bool idle() const { return current == 0xff; }
    bool operator==(const Cpu&) const = default;
};

} // namespace racescope
