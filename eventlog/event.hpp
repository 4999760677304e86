#pragma once
// The log's vocabulary: events to append, and events as recorded.

#include <cstdint>
#include <string>
#include <vector>

namespace crm::eventlog {

/// An event before it is appended. `data` and `metadata` are JSON object texts.
struct new_event {
  std::string event_id;  ///< uuid; appending a known id again is a no-op
  std::string type;
  std::string data;
  std::string metadata = "{}";
};

/// An event as the log holds it.
struct recorded_event {
  std::int64_t position = 0;
  std::string stream_id;
  std::int64_t version = 0;
  std::string event_id;
  std::string type;
  std::string data;
  std::string metadata;
  std::string recorded_at;  ///< ISO 8601 UTC
};

using event_list = std::vector<recorded_event>;

/// Expected-version sentinels for an append.
namespace expected {
/// The stream must not exist yet.
inline constexpr std::int64_t no_stream = 0;
/// Append whatever the stream's version is (used only where no decision depends on it).
inline constexpr std::int64_t any = -1;
}  // namespace expected

}  // namespace crm::eventlog
