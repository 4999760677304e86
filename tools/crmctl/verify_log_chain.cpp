#include "tools/crmctl/verify_log_chain.hpp"

#include "eventlog/event_chain.hpp"
#include "eventlog/log_reader.hpp"

namespace crm::cli {
namespace {

constexpr int batch_size = 20000;

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
  auto head = eventlog::chain_head(tx);
  report.chain_start_position = head.chain_start_position;
  std::int64_t head_position = head.position;
  const std::string& head_hash = head.hash_hex;
  report.uncovered_events = eventlog::count_events_up_to(tx, report.chain_start_position);

  // Each link is checked against the STORED hash of its predecessor, so one altered event fails
  // its own link only, while a deleted event fails the link of the event after it.
  std::string previous;  // raw bytes of the predecessor's stored hash; empty before the first
  std::int64_t previous_position = report.chain_start_position;
  std::int64_t after = report.chain_start_position;
  for (;;) {
    auto events = eventlog::chained_events_after(tx, after, batch_size);
    for (auto& chained : events) {
      const auto& e = chained.event;
      auto position = e.position;
      after = position;
      if (!chained.hash) {
        record_break(report, position, "the event has no hash (inserted with triggers disabled)");
        previous.clear();
        previous_position = position;
        continue;
      }
      const std::string& stored_hash = *chained.hash;
      auto computed = eventlog::chain_hash(previous, position, e.stream_id, e.version, e.event_id, e.type, e.data,
                                           e.metadata, e.recorded_at);
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
    if (events.size() < static_cast<std::size_t>(batch_size)) break;
  }
  report.head_hash_hex = eventlog::to_hex(previous);
  // Deleting the newest events breaks no link: the head row, moved by every append, notices.
  if (head_position != report.last_position && head_position > report.chain_start_position) {
    record_break(
        report, head_position,
        "the chain head records position " + std::to_string(head_position) + " but the log ends at " +
            std::to_string(report.last_position) +
            (head_position > report.last_position ? ": events at the end were deleted" : ": the head was changed"));
  } else if (head_position > report.chain_start_position && head_hash != report.head_hash_hex) {
    record_break(report, head_position, "the last event's hash differs from the chain head's");
  }
  return report;
}

}  // namespace crm::cli
