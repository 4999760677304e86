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

#include "actors/entity_interfaces.hpp"
#include "actors/log_access.hpp"

namespace crm::http {

using reply_handler = std::function<void(const actors::command_reply&)>;

/// A command on its way from an HTTP thread to the directory, with where its reply goes.
template <class Command>
struct bridged_command {
  Command command;
  reply_handler on_reply;
};

/// The bridges; `ask` picks one by the calling thread, so each HTTP thread keeps to one.
class command_bridges {
public:
  /// A command not started by its actor within `start_within` of being asked is answered 503
  /// (actors/command_reply.hpp, start_deadline); by default as long as the appender may take.
  command_bridges(caf::actor_system& system, actors::directory_actor directory, int count,
                  std::chrono::milliseconds start_within = actors::append_answer_bound);

  /// Sends any command the directory takes (actors/entity_interfaces.hpp); `on_reply` runs on a
  /// CAF thread with the entity actor's reply.
  template <class Command>
  void ask(Command command, reply_handler on_reply) {
    command.start_by = std::chrono::steady_clock::now() + start_within_;
    caf::anon_send(for_this_thread(), bridged_command<Command>{std::move(command), std::move(on_reply)});
  }

private:
  const caf::actor& for_this_thread();
  std::vector<caf::actor> bridges_;
  std::chrono::milliseconds start_within_;
};

}  // namespace crm::http

namespace caf {
// Local-only, like every command (actors/entity_interfaces.hpp).
template <class Command>
struct allowed_unsafe_message_type<crm::http::bridged_command<Command>> : std::true_type {};
}  // namespace caf
