#pragma once
// The detailed way's decision (event_store::append_with_context), with no database: given what
// one read under the append lock found, which requests are written, which are the original
// result of an earlier append, which conflict, and every written event's position, version and
// chain hash. Kept apart from the SQL so that its rules have tests of their own.

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "eventlog/append_request.hpp"

namespace crm::eventlog {

/// An event id the log already holds, where it lies.
struct known_event {
  std::string stream_id;
  std::int64_t version = 0;
  std::int64_t position = 0;
};

/// An event's fields as the hash covers them: jsonb's canonical text of data and metadata and
/// PostgreSQL's spelling of the id (what `data::text` and `event_id::text` print).
struct canonical_text {
  std::string data, metadata, event_id;
};

/// What the read under the lock found. Ords number the batch's events in order, across requests
/// and streams.
struct append_context {
  std::unordered_map<std::string, std::int64_t> versions;  ///< by stream; a stream not here is at 0
  std::unordered_map<std::string, known_event> known;      ///< by event id
  std::unordered_map<int, canonical_text> texts;           ///< by ord, for the ids not in `known`
  std::vector<std::int64_t> positions;                     ///< drawn for the batch, ascending, handed out in order
  std::string recorded_at;                                 ///< the transaction's time, as the hash covers it
  std::string previous_hash;                               ///< the chain head's hash, raw bytes ("" before the first)
};

/// One event to insert.
struct planned_event {
  const std::string* stream_id = nullptr;  ///< points into the batch
  const new_event* event = nullptr;        ///< points into the batch
  std::int64_t position = 0;
  std::int64_t version = 0;
  std::string hash;  ///< raw bytes
};

/// The decision: a result per request, and the rows to write (in position order).
struct append_plan {
  std::vector<append_result> results;
  std::vector<planned_event> rows;
  std::int64_t last_position = 0;  ///< the last row's position (0 when nothing is written)
  std::string head_hash;           ///< the last row's hash, raw bytes: the chain's new head
};

/// Decides `batch` against `context`, request by request in batch order: a request whose every
/// event id is known gets its original result (duplicate); one whose every id an earlier request
/// of this batch takes gets that request's result (duplicate); some ids known or taken is a
/// conflict, as is a stream at another version than expected; anything else is written, moving
/// its streams' versions for the requests after it. Throws std::out_of_range when the context
/// lacks a position or a text for an event it writes.
append_plan decide_append(const std::vector<append_request>& batch, append_context context);

}  // namespace crm::eventlog
