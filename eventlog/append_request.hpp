#pragma once
// What an actor asks the appender for, and what it gets back.

#include <cstdint>
#include <string>
#include <vector>

#include "eventlog/event.hpp"

namespace crm::eventlog {

/// Events for one stream, appended only if the stream is at `expected_version`.
struct stream_append {
  std::string stream_id;
  std::int64_t expected_version = expected::any;
  std::vector<new_event> events;
};

/// One or more stream appends that succeed or fail together (e.g. a contact and its number's thread).
struct append_request {
  std::vector<stream_append> streams;
};

enum class append_status {
  ok,        ///< written (or, for known event ids, written before: the original result)
  conflict,  ///< a stream was not at the expected version; nothing written
  failed,    ///< the database failed (nothing written), or did not answer in time (may commit later: a retry with the
             ///< same event ids gets the original result)
};

/// The outcome of one append_request.
struct append_result {
  append_status status = append_status::failed;
  std::int64_t last_position = 0;          ///< highest position written (ok)
  std::vector<std::int64_t> new_versions;  ///< per stream_append, its version afterwards (ok)
  std::string message;                     ///< what went wrong (conflict, failed)
  bool duplicate = false;                  ///< every event id was known: nothing new written
};

}  // namespace crm::eventlog
