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
    // Chunks come from a pool shared by the process's traces (see trace.cpp).
    static constexpr size_t kChunkBytes = size_t(4) << 20;
    static constexpr size_t kChunk = kChunkBytes / sizeof(TraceRecord);

    Trace() = default;
    Trace(Trace&& other) noexcept { *this = std::move(other); }
    Trace& operator=(Trace&& other) noexcept
    {
        m_chunks = std::move(other.m_chunks);
        m_cursor = other.m_cursor;
        m_end = other.m_end;
        other.m_chunks.clear();
        other.m_cursor = other.m_end = nullptr;
        return *this;
    }
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

    // The next record's slot, to be filled in place.
    TraceRecord& appendSlot()
    {
        if (m_cursor == m_end) [[unlikely]]
            addChunk();
        return *m_cursor++;
    }
    void append(const TraceRecord& record) { appendSlot() = record; }
    void clear()
    {
        m_chunks.clear();
        m_cursor = m_end = nullptr;
    }
    size_t size() const
    {
        return m_chunks.empty() ? 0 : (m_chunks.size() - 1) * kChunk + size_t(m_cursor - m_chunks.back().get());
    }
    const TraceRecord& operator[](size_t i) const { return m_chunks[i / kChunk][i % kChunk]; }

    template <typename Fn> void forEach(Fn&& fn) const
    {
        for (size_t c = 0; c < m_chunks.size(); ++c) {
            const TraceRecord* chunk = m_chunks[c].get();
            const TraceRecord* end = c + 1 == m_chunks.size() ? m_cursor : chunk + kChunk;
            for (const TraceRecord* r = chunk; r != end; ++r)
                fn(*r);
        }
    }
    std::vector<TraceRecord> records() const; // a copy, for tests and export

    // SHA-256 over a fixed little-endian serialisation of every record, so the digest is
    // the same on any machine and independent of struct padding.
    std::array<uint8_t, 32> sha256() const;
    std::string sha256Hex() const;

private:
    struct FreeChunk {
        void operator()(TraceRecord* chunk) const;
    };
    void addChunk();

    std::vector<std::unique_ptr<TraceRecord[], FreeChunk>> m_chunks;
    TraceRecord* m_cursor = nullptr; // the next free slot of the last chunk
    TraceRecord* m_end = nullptr;    // the end of the last chunk
};

// Writes the record's fields in a fixed order and width, little-endian (40 bytes).
void serializeRecord(const TraceRecord& record, uint8_t* out);
inline constexpr size_t kSerializedRecordSize = 40;

} // namespace racescope
