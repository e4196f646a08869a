#include "trace/trace.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>

namespace racescope {

std::string_view recordKindName(RecordKind kind)
{
    switch (kind) {
    case RecordKind::Load: return "load";
    case RecordKind::Store: return "store";
    case RecordKind::Fault: return "fault";
    case RecordKind::Alloc: return "alloc";
    case RecordKind::Free: return "free";
    case RecordKind::Call: return "call";
    case RecordKind::Return: return "return";
    case RecordKind::Schedule: return "schedule";
    case RecordKind::Switch: return "switch";
    case RecordKind::Sleep: return "sleep";
    case RecordKind::Wake: return "wake";
    case RecordKind::Oops: return "oops";
    }
    return "unknown";
}

namespace {
uint8_t* putLe(uint8_t* out, uint64_t value, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; ++i)
        *out++ = static_cast<uint8_t>(value >> (8 * i));
    return out;
}
} // namespace

void serializeRecord(const TraceRecord& r, uint8_t* out)
{
    out = putLe(out, r.step, 8);
    out = putLe(out, r.address, 8);
    out = putLe(out, r.before, 8);
    out = putLe(out, r.after, 8);
    out = putLe(out, r.site, 2);
    out = putLe(out, r.aux, 2);
    out = putLe(out, r.cpu, 1);
    out = putLe(out, r.task, 1);
    out = putLe(out, static_cast<uint8_t>(r.kind), 1);
    putLe(out, r.size, 1);
}

namespace {
// Chunks of finished traces, kept for the next trace of this process: a fresh chunk costs
// a thousand page faults as the records first touch it, more than writing them. Bounded, so
// that a long run freed does not pin its memory for ever.
class ChunkPool {
public:
    // Never destroyed: a Trace in a static object may outlive any other static.
    static ChunkPool& instance()
    {
        static ChunkPool* pool = new ChunkPool;
        return *pool;
    }
    TraceRecord* take()
    {
        {
            std::lock_guard lock(m_mutex);
            if (!m_free.empty()) {
                TraceRecord* chunk = m_free.back();
                m_free.pop_back();
                return chunk;
            }
        }
        void* memory = std::malloc(Trace::kChunkBytes);
        if (!memory)
            throw std::bad_alloc();
        return static_cast<TraceRecord*>(memory);
    }
    void give(TraceRecord* chunk)
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_free.size() < kKept) {
                m_free.push_back(chunk);
                return;
            }
        }
        std::free(chunk);
    }

private:
    static constexpr size_t kKept = 32; // 128 MiB: about a million steps of trace
    std::mutex m_mutex;
    std::vector<TraceRecord*> m_free;
};
} // namespace

void Trace::FreeChunk::operator()(TraceRecord* chunk) const
{
    ChunkPool::instance().give(chunk);
}

void Trace::addChunk()
{
    TraceRecord* chunk = ChunkPool::instance().take();
    m_chunks.emplace_back(chunk);
    m_cursor = chunk;
    m_end = chunk + kChunk;
}

std::vector<TraceRecord> Trace::records() const
{
    std::vector<TraceRecord> out;
    out.reserve(size());
    forEach([&](const TraceRecord& r) { out.push_back(r); });
    return out;
}

std::array<uint8_t, 32> Trace::sha256() const
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL SHA-256 unavailable");
    // Hash in batches: one EVP call per record would dominate the cost for long traces.
    constexpr size_t kBatch = 1024;
    std::vector<uint8_t> buffer(kBatch * kSerializedRecordSize);
    size_t filled = 0;
    forEach([&](const TraceRecord& r) {
        serializeRecord(r, buffer.data() + filled * kSerializedRecordSize);
        if (++filled == kBatch) {
            EVP_DigestUpdate(ctx.get(), buffer.data(), filled * kSerializedRecordSize);
            filled = 0;
        }
    });
    if (filled)
        EVP_DigestUpdate(ctx.get(), buffer.data(), filled * kSerializedRecordSize);
    std::array<uint8_t, 32> digest{};
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest.data(), &length);
    return digest;
}

std::string Trace::sha256Hex() const
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    for (uint8_t b : sha256()) {
        text += kHex[b >> 4];
        text += kHex[b & 15];
    }
    return text;
}

} // namespace racescope
