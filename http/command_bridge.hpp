#pragma once
// The way HTTP handlers reach the entity actors: one long-lived actor per HTTP thread takes a
// command with its reply handler, asks the directory, and runs the handler with the reply.
//
// Why not an actor per request: spawning one and letting it quit cost about 10% of crmd's CPU
// under ingest (launch, finalize, and in `local_actor::cleanup` a push to CAF's clock thread
// that wakes it for every request; docs/benchmarks.md). A bridge is spawned once.

#include <chrono>
#include <functional>
#include <vector>

#include <caf/all.hpp>

#include "actors/commands.hpp"
#include "actors/log_access.hpp"

namespace crm::http {

using reply_handler = std::function<void(const actors::command_reply&)>;

/// The bridges; `ask` picks one by the calling thread, so each HTTP thread keeps to one.
class command_bridges {
public:
  /// A command not started by its actor within `start_within` of being asked is answered 503
  /// (actors/commands.hpp, start_deadline); by default as long as the appender may take.
  command_bridges(caf::actor_system& system, caf::actor directory, int count,
                  std::chrono::milliseconds start_within = actors::append_answer_bound);
  void ask(actors::thread_command command, reply_handler on_reply);
  void ask(actors::contact_command command, reply_handler on_reply);

private:
  const caf::actor& for_this_thread();
  std::vector<caf::actor> bridges_;
  std::chrono::milliseconds start_within_;
};

}  // namespace crm::http
