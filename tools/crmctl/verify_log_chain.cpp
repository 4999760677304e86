#include "tools/crmctl/verify_log_chain.hpp"

#include "eventlog/event_chain.hpp"

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

void record_break(chain_report& report, std::int64_t position, std::string reason) {
  ++report.broken_links;
  if (!report.first_broken) report.first_broken = broken_link{position, std::move(reason)};
}

}  // namespace

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
      auto computed = eventlog::chain_hash(previous, position, row[1].c_str(), row[2].as<std::int64_t>(), row[3].c_str(),
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
  report.head_hash_hex = eventlog::to_hex(previous);
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
