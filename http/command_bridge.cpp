#include "http/command_bridge.hpp"

#include <atomic>

#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"

namespace crm::http {

/// A command on its way from an HTTP thread to the directory, with where its reply goes.
template <class Command>
struct bridged_command {
  Command command;
  reply_handler on_reply;
};

}  // namespace crm::http

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::http::bridged_command<crm::actors::thread_command>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::http::bridged_command<crm::actors::contact_command>)

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
void forward(caf::event_based_actor* self, const caf::actor& directory, bridged_command<Command>& asked) {
  auto on_reply = std::move(asked.on_reply);
  self->request(directory, caf::infinite, std::move(asked.command))
      .then([on_reply](const actors::command_reply& reply) { on_reply(reply); },
            [self, on_reply](const caf::error& err) {
              spdlog::error("command failed: {}", self->system().render(err));
              on_reply(unavailable());
            });
}

caf::behavior bridge(caf::event_based_actor* self, caf::actor directory) {
  return {
      [=](bridged_command<actors::thread_command>& asked) { forward(self, directory, asked); },
      [=](bridged_command<actors::contact_command>& asked) { forward(self, directory, asked); },
  };
}

}  // namespace

command_bridges::command_bridges(caf::actor_system& system, caf::actor directory, int count,
                                 std::chrono::milliseconds start_within)
    : start_within_(start_within) {
  for (int i = 0; i < count; ++i) bridges_.push_back(system.spawn(bridge, directory));
}

const caf::actor& command_bridges::for_this_thread() {
  static std::atomic<unsigned> threads_seen{0};
  thread_local unsigned index = threads_seen++;
  return bridges_[index % bridges_.size()];
}

void command_bridges::ask(actors::thread_command command, reply_handler on_reply) {
  command.start_by = std::chrono::steady_clock::now() + start_within_;
  caf::anon_send(for_this_thread(), bridged_command<actors::thread_command>{std::move(command), std::move(on_reply)});
}

void command_bridges::ask(actors::contact_command command, reply_handler on_reply) {
  command.start_by = std::chrono::steady_clock::now() + start_within_;
  caf::anon_send(for_this_thread(), bridged_command<actors::contact_command>{std::move(command), std::move(on_reply)});
}

}  // namespace crm::http
