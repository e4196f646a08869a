#pragma once
// The in-memory trace of a run. Appending is the only operation on the hot path, so records
// go into fixed-size chunks: growth never copies what is already recorded. When tracing is
// off the machine never calls append at all.

#include "trace/trace_record.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace racescope {

class Trace {
public:
    static constexpr size_t kChunk = 1 << 16;

    Trace() = default;
    Trace(Trace&&) noexcept = default;
    Trace& operator=(Trace&&) noexcept = default;
    // A machine is copied as a checkpoint; its trace comes along, deeply.
    Trace(const Trace& other) { *this = other; }
    Trace& operator=(const Trace& other)
    {
        if (this == &other)
            return *this;
        clear();
        other.forEach([this](const TraceRecord& r) { append(r); });
        return *this;
    }

    void append(const TraceRecord& record)
    {
        if (m_fill == kChunk || m_chunks.empty()) {
            m_chunks.push_back(std::make_unique_for_overwrite<TraceRecord[]>(kChunk));
            m_fill = 0;
        }
        m_chunks.back()[m_fill++] = record;
    }
    void clear()
    {
        m_chunks.clear();
        m_fill = 0;
    }
    size_t size() const { return m_chunks.empty() ? 0 : (m_chunks.size() - 1) * kChunk + m_fill; }
    const TraceRecord& operator[](size_t i) const { return m_chunks[i / kChunk][i % kChunk]; }

    template <typename Fn> void forEach(Fn&& fn) const
    {
        for (size_t c = 0; c < m_chunks.size(); ++c) {
            const size_t n = c + 1 == m_chunks.size() ? m_fill : kChunk;
            for (size_t i = 0; i < n; ++i)
                fn(m_chunks[c][i]);
        }
    }
    std::vector<TraceRecord> records() const; // a copy, for tests and export

    // SHA-256 over a fixed little-endian serialisation of every record, so the digest is
    // the same on any machine and independent of struct padding.
    std::array<uint8_t, 32> sha256() const;
    std::string sha256Hex() const;

private:
    std::vector<std::unique_ptr<TraceRecord[]>> m_chunks;
    size_t m_fill = 0;
};

// Writes the record's fields in a fixed order and width, little-endian (40 bytes).
void serializeRecord(const TraceRecord& record, uint8_t* out);
inline constexpr size_t kSerializedRecordSize = 40;

} // namespace racescope
