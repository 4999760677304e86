#include "tools/crmctl/verify_log_chain.hpp"

#include <memory>

#include <openssl/evp.h>

namespace crm::cli {
namespace {

constexpr int batch_size = 20000;

constexpr const char* select_chain_head =
    "SELECT chain_start_position, position, encode(hash, 'hex') FROM event_chain_head";

constexpr const char* count_uncovered = "SELECT count(*) FROM events WHERE position <= $1";

// The recorded_at format is the trigger's, to the microsecond, independent of the session's
// TimeZone and DateStyle; data::text is jsonb's canonical text, as the trigger hashed it.
constexpr const char* select_hashed_events =
    "SELECT position, stream_id, version, event_id::text, type, data::text, metadata::text, "
    "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), hash "
    "FROM events WHERE position > $1 ORDER BY position LIMIT $2";

using digest_context = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

void add_field(EVP_MD_CTX* ctx, const std::string& value) {
  auto prefix = std::to_string(value.size()) + ":";
  EVP_DigestUpdate(ctx, prefix.data(), prefix.size());
  EVP_DigestUpdate(ctx, value.data(), value.size());
}

std::string to_hex(const std::string& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

void record_break(chain_report& report, std::int64_t position, std::string reason) {
  ++report.broken_links;
  if (!report.first_broken) report.first_broken = broken_link{position, std::move(reason)};
}

}  // namespace

std::string chain_hash(const std::string& previous_hash, std::int64_t position, const std::string& stream_id,
                       std::int64_t version, const std::string& event_id, const std::string& type,
                       const std::string& data, const std::string& metadata, const std::string& recorded_at) {
  // One context per thread, reset for each link: a verification hashes millions of them.
  thread_local digest_context context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  auto* ctx = context.get();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, previous_hash.data(), previous_hash.size());
  add_field(ctx, std::to_string(position));
  add_field(ctx, stream_id);
  add_field(ctx, std::to_string(version));
  add_field(ctx, event_id);
  add_field(ctx, type);
  add_field(ctx, data);
  add_field(ctx, metadata);
  add_field(ctx, recorded_at);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

chain_report verify_log_chain(pqxx::connection& connection) {
  // One snapshot for the whole walk: appends committed meanwhile are neither half seen nor
  // mistaken for a head that moved under the verifier.
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(connection);
  chain_report report;
  auto head = tx.exec1(select_chain_head);
  report.chain_start_position = head[0].as<std::int64_t>();
  std::int64_t head_position = head[1].as<std::int64_t>();
  std::string head_hash = head[2].is_null() ? "" : head[2].c_str();
  report.uncovered_events = tx.exec_params1(count_uncovered, report.chain_start_position)[0].as<std::int64_t>();

  // Each link is checked against the STORED hash of its predecessor, so one altered event fails
  // its own link only, while a deleted event fails the link of the event after it.
  std::string previous;  // raw bytes of the predecessor's stored hash; empty before the first
  std::int64_t previous_position = report.chain_start_position;
  std::int64_t after = report.chain_start_position;
  for (;;) {
    auto rows = tx.exec_params(select_hashed_events, after, batch_size);
    for (auto row : rows) {
      auto position = row[0].as<std::int64_t>();
      after = position;
      if (row[8].is_null()) {
        record_break(report, position, "the event has no hash (inserted with triggers disabled)");
        previous.clear();
        previous_position = position;
        continue;
      }
      pqxx::binarystring stored(row[8]);
      std::string stored_hash = stored.str();
      auto computed = chain_hash(previous, position, row[1].c_str(), row[2].as<std::int64_t>(), row[3].c_str(),
                                 row[4].c_str(), row[5].c_str(), row[6].c_str(), row[7].c_str());
      if (computed != stored_hash) {
        record_break(report, position,
                     position != previous_position + 1
                         ? "hash mismatch after a gap from position " + std::to_string(previous_position) +
                               ": an event between them was deleted, or this event was changed"
                         : "hash mismatch: the event was changed after it was appended");
      }
      if (report.first_position == 0) report.first_position = position;
      report.last_position = position;
      ++report.verified_events;
      previous = stored_hash;
      previous_position = position;
    }
    if (rows.size() < static_cast<std::size_t>(batch_size)) break;
  }
  report.head_hash_hex = to_hex(previous);
  // Deleting the newest events breaks no link: the head row, moved by every append, notices.
  if (head_position != report.last_position && head_position > report.chain_start_position) {
    record_break(report, head_position,
                 "the chain head records position " + std::to_string(head_position) + " but the log ends at " +
                     std::to_string(report.last_position) +
                     (head_position > report.last_position ? ": events at the end were deleted"
                                                            : ": the head was changed"));
  } else if (head_position > report.chain_start_position && head_hash != report.head_hash_hex) {
    record_break(report, head_position, "the last event's hash differs from the chain head's");
  }
  return report;
}

}  // namespace crm::cli
