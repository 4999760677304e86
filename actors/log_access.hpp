#pragma once
// The actors' way into the log: a group-commit appender and a pool of stream readers. Both do
// their blocking libpqxx work on detached actors (own threads, own connections), never on a
// scheduler thread.

#include <chrono>
#include <string>

#include <caf/fwd.hpp>

namespace crm::actors {

/// Handles to the log for every actor that needs it.
struct log_access {
  caf::actor appender;  ///< (append_atom, append_request) -> append_result
  caf::actor readers;   ///< (read_atom, stream_id, after_version) -> event_list
};

/// How long crmd's appender may take to answer an append; the HTTP bridge gives a command as
/// long to be started (http/command_bridge.hpp).
inline constexpr std::chrono::seconds append_answer_bound{30};

/// Spawns the appender and `reader_count` readers against `database_url`. The appender
/// answers every append within `answer_within`, with an error when the database has not.
log_access spawn_log_access(caf::actor_system& system, const std::string& database_url, size_t reader_count,
                            std::chrono::milliseconds answer_within = append_answer_bound);

}  // namespace crm::actors
