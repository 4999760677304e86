// The thread actor owns a phone number: which contact holds it, its consent ledger and its
// messages. Deciding here, one command at a time, is what makes a number's uniqueness and the
// consent check before a send immune to races: the state cannot change between check and send.
// This file takes the commands and loads the stream; each job is in its own file
// (thread_actor_state.hpp).

#include <spdlog/spdlog.h>

#include "actors/entity_actors.hpp"
#include "actors/message_types.hpp"
#include "actors/thread_actor_state.hpp"

namespace crm::actors {

using namespace std::chrono_literals;

domain::instant now(thread_self* self) { return self->state.refs.clock->now(); }

void publish_consent(thread_self* self) {
  if (self->state.refs.opt_outs)
    self->state.refs.opt_outs->set(self->state.thread.phone,
                                   self->state.thread.consent.status == domain::consent_status::opted_out);
}

command_reply written(const eventlog::append_result& result, std::string id, outcome how) {
  command_reply reply;
  reply.result = how;
  reply.id = std::move(id);
  reply.position = result.last_position;
  return reply;
}

bool absorb(thread_self* self, const eventlog::event_list& events) {
  try {
    for (auto& e : events)
      if (auto event = domain::decode_thread_event(e.type, e.data, e.position))
        domain::evolve(self->state.thread, *event);
  } catch (const domain::malformed_event& e) {
    spdlog::error("thread {}: {}", self->state.stream, e.what());
    auto phone = self->state.thread.phone;
    self->state.thread = domain::thread_state{};
    self->state.thread.phone = phone;
    self->state.version = 0;
    self->state.loaded = false;
    return false;
  }
  if (!events.empty()) self->state.version = events.back().version;
  self->state.loaded = true;
  publish_consent(self);
  return true;
}

size_t own_stream_index(thread_self* self, const eventlog::append_request& request) {
  size_t own = 0;
  while (own < request.streams.size() && request.streams[own].stream_id != self->state.stream) ++own;
  return own;
}

void apply_written(thread_self* self, const domain::thread_events& events, const eventlog::append_result& result,
                   size_t own) {
  if (result.duplicate || events.empty()) return;
  for (auto& e : events) domain::evolve(self->state.thread, e);
  auto changes_consent = [](const domain::thread_event& event) {
    return std::holds_alternative<domain::events::consent_revoked>(event) ||
           std::holds_alternative<domain::events::consent_granted>(event);
  };
  if (std::any_of(events.begin(), events.end(), changes_consent)) publish_consent(self);
  self->state.version = result.new_versions.at(own);
  // An unread stream that took our events at its expected version was empty before them.
  self->state.loaded = true;
}

namespace {

/// A create on an unread thread appends expecting no stream: a number that has one conflicts,
/// and after_conflict reads it and decides again (a 409 if it is taken). Every other command
/// is decided on the stream as the log has it.
template <class Command>
constexpr bool decided_unread = std::is_same_v<Command, create_contact>;

/// The handler of one command type: the deadline, the first read of the stream, then decide.
template <class Command>
auto taking(thread_self* self) {
  return [=](Command& cmd) -> reply_promise {
    self->state.idle.touch();
    auto promise = self->make_response_promise<command_reply>();
    if (past(cmd.start_by)) {  // it queued behind a stuck append: answer now, decide nothing
      reply_to(promise, not_started_in_time());
      return promise;
    }
    if (self->state.loaded || decided_unread<Command>) {
      decide(self, cmd, promise, 0);
      return promise;
    }
    load_stream(
        self, self->state.refs.log, self->state.stream, 0,
        [=](const eventlog::event_list& events) {
          if (!absorb(self, events)) return reply_to(promise, failure(command_error::unreadable_log));
          decide(self, cmd, promise, 0);
        },
        [=](const std::string& error) {
          spdlog::error("thread {} could not load: {}", self->state.thread.phone, error);
          reply_to(promise, database_unavailable(error));
        });
    return promise;
  };
}

/// A handler for each of the thread's commands, then `housekeeping`'s.
template <class... Commands, class... Housekeeping>
thread_actor::behavior_type behavior_of(thread_self* self, command_list<Commands...>, Housekeeping... housekeeping) {
  return {taking<Commands>(self)..., housekeeping...};
}

thread_actor::behavior_type thread_behavior(thread_self* self, std::string phone, entity_refs refs) {
  // A stray reply (say, to a message that was sent, not requested) is not worth dying for.
  self->set_default_handler(caf::drop);
  self->state.stream = thread_stream(phone);
  self->state.refs = refs;
  self->state.thread.phone = phone;
  self->state.idle.start(self, refs.idle_timeout);
  return behavior_of(
      self, thread_commands{},
      [=](late_atom, const std::string& message_id) {
        answer_waiting_send(self, message_id, failure(command_error::twilio_slow));
      },
      [=](reload_atom, const std::string&) {
        if (!self->state.loaded) return;  // nothing read, nothing stale: the next command reads
        load_stream(
            self, self->state.refs.log, self->state.stream, self->state.version,
            [=](const eventlog::event_list& events) { absorb(self, events); },
            [=](const std::string& error) { spdlog::error("thread {} reload failed: {}", self->state.stream, error); });
      },
      [=](stop_atom) {
        // Sends in flight keep the actor until their outcome is recorded.
        if (self->state.waiting_sends.empty()) self->quit();
        else self->delayed_send(self, 1s, stop_atom::value);
      },
      [=](idle_check_atom) {
        if (!self->state.idle.check(self)) return;
        bool in_flight = std::any_of(self->state.thread.outbound.begin(), self->state.thread.outbound.end(),
                                     [](auto& m) { return !m.second.resolved; });
        if (in_flight) return self->state.idle.again(self);
        self->send(refs.directory, passivate_atom::value, self->state.stream, caf::actor_cast<caf::actor>(self));
      });
}

}  // namespace

thread_actor spawn_thread_actor(caf::actor_system& system, const std::string& phone, const entity_refs& refs) {
  return system.spawn(thread_behavior, phone, refs);
}

}  // namespace crm::actors
