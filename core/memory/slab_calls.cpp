// kmalloc() and kfree() as modelled functions: each is a single step (see slab.h).

#include "machine/steps.h"

namespace racescope::steps {

// arg0: cache index, arg1: zero (kzalloc). Returns the object, or NULL when exhausted.
template <uint8_t PC> Flow kmalloc(Exec& x)
{
    Frame& f = x.frame();
    if (PC == 0) {
        x.at<FunctionId::kmalloc>(3);
        SlabResult r = x.kmalloc(static_cast<uint16_t>(f.arg[0]), f.arg[1] != 0);
        if (!r.ok())
            return x.allocatorFault(r);
        f.local[0] = r.object;
        f.pc = 1;
        return Flow::Yield;
    }
    x.at<FunctionId::kmalloc>(f.local[0] ? 9 : 5);
    return x.ret(f.local[0]);
}

// arg0: object
template <uint8_t PC> Flow kfree(Exec& x)
{
    Frame& f = x.frame();
    if (PC == 0) {
        x.at<FunctionId::kfree>(3);
        SlabResult r = x.kfree(f.arg[0]);
        if (!r.ok())
            return x.allocatorFault(r);
        f.pc = 1;
        return Flow::Yield;
    }
    x.at<FunctionId::kfree>(5);
    return x.ret(0);
}

// The handlers, one per case (see steps.h).
namespace handlers {
constinit const StepTable kmalloc = stepTable<1>([]<uint8_t PC>() { return &steps::kmalloc<PC>; });
constinit const StepTable kfree = stepTable<1>([]<uint8_t PC>() { return &steps::kfree<PC>; });
} // namespace handlers

} // namespace racescope::steps
