#include "http/command_bridge.hpp"

#include <atomic>

#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"

namespace crm::http {
namespace {

actors::command_reply unavailable() { return actors::failure(actors::command_error::unavailable); }

// No timeout on the request: the entity actors answer every command (the appender answers
// each append within 30 s even when the database hangs, and a command still queued in its
// actor after its start deadline is answered without being started), and CAF answers with an
// error when an actor dies; a timeout per request cost two pushes to CAF's clock thread per
// webhook (docs/benchmarks.md). So with the database hung a command is answered within about
// 30 s of reaching its actor's queue, or within about 60 s if it started just before its
// deadline, however many queue behind one number's stuck append.
template <class Command>
auto forwarding(caf::event_based_actor* self, actors::directory_actor directory) {
  return [=](bridged_command<Command>& asked) {
    auto on_reply = std::move(asked.on_reply);
    self->request(directory, caf::infinite, std::move(asked.command))
        .then([on_reply](const actors::command_reply& reply) { on_reply(reply); },
              [self, on_reply](const caf::error& err) {
                spdlog::error("command failed: {}", self->system().render(err));
                on_reply(unavailable());
              });
  };
}

/// A behaviour that forwards every command the directory takes.
template <class... Commands>
caf::behavior forwarding_all(caf::event_based_actor* self, const actors::directory_actor& directory,
                             actors::command_list<Commands...>) {
  return {forwarding<Commands>(self, directory)...};
}

caf::behavior bridge(caf::event_based_actor* self, actors::directory_actor directory) {
  return forwarding_all(self, directory, actors::entity_commands{});
}

}  // namespace

command_bridges::command_bridges(caf::actor_system& system, actors::directory_actor directory, int count,
                                 std::chrono::milliseconds start_within)
    : start_within_(start_within) {
  for (int i = 0; i < count; ++i) bridges_.push_back(system.spawn(bridge, directory));
}

const caf::actor& command_bridges::for_this_thread() {
  static std::atomic<unsigned> threads_seen{0};
  thread_local unsigned index = threads_seen++;
  return bridges_[index % bridges_.size()];
}

}  // namespace crm::http
