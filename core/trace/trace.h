#pragma once
// The in-memory trace of a run. Appending is the only operation on the hot path; when
// tracing is off the machine never calls append at all.

#include "trace/trace_record.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace racescope {

class Trace {
public:
    void append(const TraceRecord& record) { m_records.push_back(record); }
    void clear() { m_records.clear(); }
    const std::vector<TraceRecord>& records() const { return m_records; }
    size_t size() const { return m_records.size(); }

    // SHA-256 over a fixed little-endian serialisation of every record, so the digest is
    // the same on any machine and independent of struct padding.
    std::array<uint8_t, 32> sha256() const;
    std::string sha256Hex() const;

private:
    std::vector<TraceRecord> m_records;
};

// Writes the record's fields in a fixed order and width, little-endian (40 bytes).
void serializeRecord(const TraceRecord& record, uint8_t* out);
inline constexpr size_t kSerializedRecordSize = 40;

} // namespace racescope
