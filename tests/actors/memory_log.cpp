#include "memory_log.hpp"

#include <set>

#include "actors/message_types.hpp"

namespace crm::actors::testing {
namespace {

std::int64_t version_of(const memory_log_contents& log, const std::string& stream) {
  std::int64_t version = 0;
  for (auto& e : log.events)
    if (e.stream_id == stream) version = e.version;
  return version;
}

eventlog::append_result append(memory_log_contents& log, const eventlog::append_request& request) {
  eventlog::append_result result;
  std::set<std::string> known;
  for (auto& e : log.events) known.insert(e.event_id);
  bool all_known = true;
  for (auto& s : request.streams)
    for (auto& e : s.events) all_known = all_known && known.count(e.event_id);
  if (all_known) {  // a retry: the original result, nothing new
    result.status = eventlog::append_status::ok;
    result.duplicate = true;
    for (auto& s : request.streams) result.new_versions.push_back(version_of(log, s.stream_id));
    result.last_position = log.events.empty() ? 0 : log.events.back().position;
    return result;
  }
  for (auto& s : request.streams)
    if (s.expected_version != eventlog::expected::any && version_of(log, s.stream_id) != s.expected_version) {
      result.status = eventlog::append_status::conflict;
      result.message = s.stream_id + " is not at version " + std::to_string(s.expected_version);
      return result;
    }
  for (auto& s : request.streams) {
    auto version = version_of(log, s.stream_id);
    for (auto& e : s.events) {
      auto position = static_cast<std::int64_t>(log.events.size()) + 1;
      log.events.push_back(
          {position, s.stream_id, ++version, e.event_id, e.type, e.data, e.metadata, "2026-07-01T12:00:00.000Z"});
    }
    result.new_versions.push_back(version);
  }
  result.status = eventlog::append_status::ok;
  result.last_position = log.events.back().position;
  return result;
}

}  // namespace

log_access spawn_memory_log(caf::actor_system& system, memory_log_contents& contents) {
  // The state goes in as a spawn argument: CAF 0.17 spawning a function of no arguments binds a
  // reference to a null tuple (UBSan stops on it).
  auto appender = system.spawn(
      [](caf::event_based_actor*, memory_log_contents* log) -> caf::behavior {
        return {[log](append_atom, const eventlog::append_request& request) { return append(*log, request); }};
      },
      &contents);
  auto readers = system.spawn(
      [](caf::event_based_actor*, memory_log_contents* log) -> caf::behavior {
        return {[log](read_atom, const std::string& stream, std::int64_t after) {
          eventlog::event_list out;
          for (auto& e : log->events)
            if (e.stream_id == stream && e.version > after) out.push_back(e);
          return out;
        }};
      },
      &contents);
  return {appender, readers};
}

}  // namespace crm::actors::testing
