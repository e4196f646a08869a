#pragma once
// Turns an Oops into the kernel's text (the seed's format) and into a short account of the
// object the faulting walk came from. Everything printed is read off the machine's state:
// the registers of the task, the shadow of the allocator, the walk the reader followed.

#include "machine/machine.h"

#include <optional>
#include <string>

namespace racescope {

// The freed object a list walk stepped onto, if it did.
struct FreedObjectOnWalk {
    uint64_t object = 0;      // the object's base
    uint64_t nextWord = 0;    // the address of its ->next word the walk read
    std::string cacheName;
    uint32_t groupNum = 0;    // the tag the allocation site gave it
    uint64_t freeStep = 0;
    uint8_t freeTask = 0;
    uint8_t freeCpu = 0;
    uint16_t freeSite = 0;
};

struct OopsAnalysis {
    std::optional<FreedObjectOnWalk> freed;
    std::vector<uint64_t> walk; // object bases the walk visited, oldest first
};

OopsAnalysis analyzeOops(const Machine& machine, const Oops& oops);

// "fsnotify+0x93/0x150"
std::string symbolize(uint64_t address);
std::string siteText(uint16_t site); // "fsnotify line 14: prefetch(group->group_list.next);"

// The oops as dmesg would show it, followed by RaceScope's lines about the freed object.
std::string formatOopsReport(const Machine& machine, const Oops& oops);

std::string hex16(uint64_t value); // 16 digits, no prefix, as in the kernel's register dump
std::string hexValue(uint64_t value); // "0x200"

} // namespace racescope
