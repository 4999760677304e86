#include "actors/directory.hpp"

#include <unordered_map>

#include <spdlog/spdlog.h>

#include "actors/entity_actors.hpp"
#include "actors/message_types.hpp"
#include "actors/persist.hpp"

namespace crm::actors {
namespace {

struct directory_state {
  entity_refs refs;
  std::unordered_map<std::string, caf::actor> live;            // stream id -> actor
  std::unordered_map<caf::actor_addr, std::string> stream_of;  // actor -> stream id, while live
};

using directory_self = directory_actor::stateful_base<directory_state>;

template <class Spawn>
caf::actor live_actor(directory_self* self, const std::string& stream, Spawn spawn) {
  auto& live = self->state.live;
  if (auto it = live.find(stream); it != live.end()) return it->second;
  auto actor = caf::actor_cast<caf::actor>(spawn());
  self->monitor(actor);
  live.emplace(stream, actor);
  self->state.stream_of.emplace(actor.address(), stream);
  return actor;
}

/// Hands a thread command to the actor of its number.
template <class Command>
auto delegating(directory_self* self, const thread_commands&) {
  return [=](Command& cmd) {
    auto target = live_actor(self, thread_stream(cmd.phone),
                             [&] { return spawn_thread_actor(self->system(), cmd.phone, self->state.refs); });
    return self->delegate(caf::actor_cast<thread_actor>(target), std::move(cmd));
  };
}

/// Hands a contact command to the contact's actor.
template <class Command>
auto delegating(directory_self* self, const contact_commands&) {
  return [=](Command& cmd) {
    auto target = live_actor(self, contact_stream(cmd.contact_id),
                             [&] { return spawn_contact_actor(self->system(), cmd.contact_id, self->state.refs); });
    return self->delegate(caf::actor_cast<contact_actor>(target), std::move(cmd));
  };
}

/// A delegating handler for each command of both lists, then `own`'s.
template <class... ThreadCommands, class... ContactCommands, class... Own>
directory_actor::behavior_type behavior_of(directory_self* self, command_list<ThreadCommands...> threads,
                                           command_list<ContactCommands...> contacts, Own... own) {
  return {delegating<ThreadCommands>(self, threads)..., delegating<ContactCommands>(self, contacts)..., own...};
}

directory_actor::behavior_type directory(directory_self* self, entity_refs refs) {
  refs.directory = caf::actor_cast<directory_actor>(self);
  self->state.refs = refs;
  // An entity actor that ended other than by passivating (a failure) is forgotten, so the next
  // command for its stream spawns a fresh one that reads the stream again. Unmonitored, it stayed
  // in `live`, and every later command for that number or contact failed with
  // request_receiver_down until crmd restarted.
  self->set_down_handler([=](const caf::down_msg& down) {
    auto it = self->state.stream_of.find(down.source);
    if (it == self->state.stream_of.end()) return;
    auto stream = it->second;
    self->state.stream_of.erase(it);
    if (down.reason && down.reason != caf::exit_reason::user_shutdown)
      spdlog::error("the actor of {} ended: {}", stream, self->system().render(down.reason));
    auto live = self->state.live.find(stream);
    if (live != self->state.live.end() && live->second.address() == down.source) self->state.live.erase(live);
  });
  return behavior_of(
      self, thread_commands{}, contact_commands{},
      [=](reload_atom, const std::string& phone) {
        // Only a live actor holds state that can be stale; a passive one reloads when spawned.
        if (auto it = self->state.live.find(thread_stream(phone)); it != self->state.live.end())
          self->send(caf::actor_cast<thread_actor>(it->second), reload_atom::value, phone);
      },
      // An idle actor asks to leave. Messages it was already given stay in its mailbox ahead
      // of the stop, so it finishes them; the next command spawns a fresh actor.
      [=](passivate_atom, const std::string& stream, const caf::actor& who) {
        auto it = self->state.live.find(stream);
        if (it != self->state.live.end() && it->second == who) {
          self->state.live.erase(it);
          // Either kind of entity actor takes stop_atom; the untyped handle is how the directory
          // holds both, and a typed actor sends to an untyped one anonymously.
          caf::anon_send(who, stop_atom::value);
        }
      });
}

}  // namespace

directory_actor spawn_directory(caf::actor_system& system, const entity_refs& refs) {
  return system.spawn(directory, refs);
}

}  // namespace crm::actors
