#pragma once
// The scheduler's randomness: xoshiro256** seeded through splitmix64, with range reduction
// done by hand. std::uniform_int_distribution is implementation-defined, and a run must be
// byte-identical on every machine and standard library.

#include <cstdint>

namespace racescope {

class Rng {
public:
    explicit Rng(uint64_t seed)
    {
        for (uint64_t& word : m_state) {
            seed += 0x9e3779b97f4a7c15ull;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            word = z ^ (z >> 31);
        }
    }

    uint64_t next()
    {
        const uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, bound), bound > 0 (Lemire's multiply-shift; the tiny bias is irrelevant here).
    uint32_t below(uint32_t bound) { return static_cast<uint32_t>(((next() >> 32) * bound) >> 32); }

    // True with probability perMille / 1000.
    bool chance(uint32_t perMille) { return below(1000) < perMille; }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t m_state[4];
};

} // namespace racescope
