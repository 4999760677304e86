#pragma once
// Every read of the log outside the appender: the SQL on `events` lives here so that a column
// or an index change touches one folder. Each reader runs in the caller's transaction (which
// decides snapshot and isolation) and maps rows with the event store's own row mapping. The
// hot ones (the projector's batch, the changes feed, the head) run prepared.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "eventlog/event.hpp"

namespace crm::eventlog {

/// The highest committed position (0 when the log is empty).
std::int64_t head_position(pqxx::transaction_base& tx);

/// Whether the log holds no event at all.
bool log_is_empty(pqxx::transaction_base& tx);

/// How many events lie after `position` (a lag in events: positions have gaps where an append
/// rolled back).
std::int64_t count_events_after(pqxx::transaction_base& tx, std::int64_t position);

/// Up to `limit` events after `after_position`, in position order (the projector's batch).
event_list events_after(pqxx::transaction_base& tx, std::int64_t after_position, int limit);

/// Up to `limit` events in (after_position, up_to], in position order, from `public.events`
/// whatever search_path says (a rebuild points search_path at its shadow tables).
event_list events_between(pqxx::transaction_base& tx, std::int64_t after_position, std::int64_t up_to, int limit);

/// Up to `limit` events after `after_position` of the streams whose id starts with
/// `stream_prefix` ("thread-"), in position order.
event_list events_after_in_streams(pqxx::transaction_base& tx, std::int64_t after_position, int limit,
                                   const std::string& stream_prefix);

/// The stream's events after `after_version`, in version order.
event_list stream_events(pqxx::transaction_base& tx, const std::string& stream_id, std::int64_t after_version = 0);

/// The stream's events whose type is one of `types`, in version order (a number's consent
/// history reads its grants, revocations and requests so).
event_list stream_events_of_types(pqxx::transaction_base& tx, const std::string& stream_id,
                                  const std::vector<std::string>& types);

/// How many events lie at or before `position`.
std::int64_t count_events_up_to(pqxx::transaction_base& tx, std::int64_t position);

/// An event with what its hash link covers: recorded_at to the microsecond (as the chain hashes
/// it), the appending transaction and the stored hash.
struct chained_event {
  recorded_event event;
  std::string txid;
  std::optional<std::string> hash;  ///< raw bytes; none for a row inserted with triggers disabled
};

/// Up to `limit` events after `after_position` with their chain fields, in position order
/// (crmctl verify-log and export).
std::vector<chained_event> chained_events_after(pqxx::transaction_base& tx, std::int64_t after_position, int limit);

/// The chain head row (event_chain_head): where the chain starts and the last hashed event.
struct chain_head_row {
  std::int64_t chain_start_position = 0;  ///< events at or below it predate the chain
  std::int64_t position = 0;              ///< the last hashed event's position
  std::string hash_hex;                   ///< its hash, lower-case hex; "" when none
};

/// The chain head as the appender last moved it (crmctl verify-log).
chain_head_row chain_head(pqxx::transaction_base& tx);

/// One row of the changes feed: what an event is about, without its data.
struct change_row {
  std::int64_t position = 0;
  std::string stream_id;
  std::string type;
  std::string message_id;  ///< data.messageId, else data.sid, else ""
  std::string contact_id;  ///< data.contactId, else ""
};

/// Up to `limit` events after `after_position`, in position order, as the changes feed needs them.
std::vector<change_row> changes_after(pqxx::transaction_base& tx, std::int64_t after_position, int limit);

/// The member `field` of the data of every event of type `type` that has it, as text, in no order.
std::vector<std::string> data_field_of_type(pqxx::transaction_base& tx, const std::string& type,
                                            const std::string& field);

/// Events and distinct transactions in (after_position, up_to]: how many events a commit held.
struct commit_tally {
  long long events = 0;
  long long transactions = 0;
};
commit_tally commits_between(pqxx::transaction_base& tx, std::int64_t after_position, std::int64_t up_to);

}  // namespace crm::eventlog
