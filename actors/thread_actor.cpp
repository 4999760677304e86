// The thread actor owns a phone number: which contact holds it, its consent ledger and its
// messages. Deciding here, one command at a time, is what makes a number's uniqueness and the
// consent check before a send immune to races: the state cannot change between check and send.
// This file takes the commands and loads the stream; each job is in its own file
// (thread_actor_state.hpp).

#include <spdlog/spdlog.h>

#include "actors/entity_actors.hpp"
#include "actors/message_types.hpp"
#include "actors/stream_loading.hpp"
#include "actors/thread_actor_state.hpp"

namespace crm::actors {

using namespace std::chrono_literals;

domain::instant now(thread_self* self) { return self->state.refs.clock->now(); }

void publish_consent(thread_self* self) {
  if (self->state.refs.opt_outs)
    self->state.refs.opt_outs->set(self->state.thread.phone,
                                   self->state.thread.consent.status == domain::consent_status::opted_out);
}

bool changes_consent(const domain::thread_event& event) {
  return std::holds_alternative<domain::events::consent_revoked>(event) ||
         std::holds_alternative<domain::events::consent_granted>(event);
}

command_reply written(const eventlog::append_result& result, std::string id, outcome how) {
  command_reply reply;
  reply.result = how;
  reply.id = std::move(id);
  reply.position = result.last_position;
  return reply;
}

namespace {

/// Applies what the log holds for the stream; false (logged) when an event of it is malformed,
/// and the actor then stays unloaded: nothing can be decided on a history it does not know.
bool absorb(thread_self* self, const eventlog::event_list& events) {
  try {
    for (auto& e : events)
      if (auto event = domain::decode_thread_event(e.type, e.data, e.position)) domain::evolve(self->state.thread, *event);
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

}  // namespace

// If the stream had not moved, the other stream in the request (the contact's) was stale,
// which only its own actor can resolve.
void after_conflict(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  auto before = self->state.version;
  load_stream(self, self->state.refs.log, self->state.stream, before,
              [=](const eventlog::event_list& events) {
                if (!absorb(self, events)) return reply_to(promise, failure(command_error::unreadable_log));
                if (self->state.version == before) return reply_to(promise, failure(command_error::stale_contact));
                if (attempt + 1 >= max_append_attempts) return reply_to(promise, failure(command_error::number_changed));
                handle(self, cmd, promise, attempt + 1);
              },
              [=](const std::string& error) { reply_to(promise, database_unavailable(error)); });
}

void handle(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  switch (cmd.what) {
    case thread_command::kind::create_contact:
    case thread_command::kind::apply_contact_change: return contact_change(self, std::move(cmd), promise, attempt);
    case thread_command::kind::send: return send(self, std::move(cmd), promise, attempt);
    case thread_command::kind::inbound: return inbound(self, std::move(cmd), promise, attempt);
    case thread_command::kind::status: return apply_status(self, cmd.sid, cmd.status_update, promise);
    case thread_command::kind::mark_read: return mark_read(self, std::move(cmd), promise, attempt);
    case thread_command::kind::resolve_possible_opt_out:
      return resolve_possible_opt_out(self, std::move(cmd), promise, attempt);
    case thread_command::kind::import_history: return import_history(self, std::move(cmd), promise, attempt);
    case thread_command::kind::recover_sends: return recover_sends(self, promise);
  }
}

namespace {

caf::behavior thread_actor(thread_self* self, std::string phone, entity_refs refs) {
  // A stray reply (say, to a message that was sent, not requested) is not worth dying for.
  self->set_default_handler(caf::drop);
  self->state.stream = thread_stream(phone);
  self->state.refs = refs;
  self->state.thread.phone = phone;
  self->state.idle.start(self, refs.idle_timeout);
  return {
      [=](thread_command& cmd) {
        self->state.idle.touch();
        auto promise = self->make_response_promise();
        if (past(cmd.start_by)) {  // it queued behind a stuck append: answer now, decide nothing
          reply_to(promise, not_started_in_time());
          return promise;
        }
        // A create on an unread thread appends expecting no stream: a number that has one
        // conflicts, and after_conflict reads it and decides again (a 409 if it is taken).
        if (self->state.loaded || cmd.what == thread_command::kind::create_contact) {
          handle(self, std::move(cmd), promise, 0);
          return promise;
        }
        load_stream(self, self->state.refs.log, self->state.stream, 0,
                    [=](const eventlog::event_list& events) {
                      if (!absorb(self, events)) return reply_to(promise, failure(command_error::unreadable_log));
                      handle(self, cmd, promise, 0);
                    },
                    [=](const std::string& error) {
                      spdlog::error("thread {} could not load: {}", phone, error);
                      reply_to(promise, database_unavailable(error));
                    });
        return promise;
      },
      [=](late_atom, const std::string& message_id) {
        answer_waiting_send(self, message_id, failure(command_error::twilio_slow));
      },
      [=](reload_atom, const std::string&) {
        if (!self->state.loaded) return;  // nothing read, nothing stale: the next command reads
        load_stream(self, self->state.refs.log, self->state.stream, self->state.version,
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
      },
  };
}

}  // namespace

caf::actor spawn_thread_actor(caf::actor_system& system, const std::string& phone, const entity_refs& refs) {
  return system.spawn(thread_actor, phone, refs);
}

}  // namespace crm::actors
