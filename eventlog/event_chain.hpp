#pragma once
// The log's hash chain (migrations/0005_hash_chain.sql, 0006_chain_hashed_by_appender.sql): each
// event's SHA-256 covers the previous event's hash and the event's own fields. The appender
// computes it while appending and `crmctl verify-log` recomputes it, both with this function, so
// the two can never disagree about the encoding.

#include <cstdint>
#include <string>

namespace crm::eventlog {

/// The SHA-256 (32 raw bytes) of one link: previous hash bytes (none for the first), then each
/// field as "<UTF-8 byte length in decimal>:<bytes>". `data` and `metadata` are jsonb's canonical
/// text (what `data::text` prints); `recorded_at` is UTC with microseconds, 'YYYY-MM-DDTHH:MI:SS.ffffffZ'.
std::string chain_hash(const std::string& previous_hash, std::int64_t position, const std::string& stream_id,
                       std::int64_t version, const std::string& event_id, const std::string& type,
                       const std::string& data, const std::string& metadata, const std::string& recorded_at);

/// Lower-case hex of raw bytes.
std::string to_hex(const std::string& bytes);

/// Raw bytes of lower- or upper-case hex (an odd or invalid digit ends the conversion).
std::string from_hex(const std::string& hex);

}  // namespace crm::eventlog
