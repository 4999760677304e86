// The contact actor: one command at a time, decide (domain/contact) -> append -> evolve -> reply.
// Changes that touch the number's thread (a new phone, consent, deletion) are handed to that
// thread's actor, which appends both streams together.

#include <spdlog/spdlog.h>

#include "actors/append_and_retry.hpp"
#include "actors/entity_actors.hpp"
#include "actors/entity_interfaces.hpp"
#include "actors/idle_watch.hpp"
#include "actors/message_types.hpp"
#include "actors/persist.hpp"
#include "actors/stream_loading.hpp"
#include "domain/contact.hpp"

namespace crm::actors {
namespace {

struct contact_actor_state {
  domain::contact_state contact;
  std::int64_t version = 0;
  std::string stream;
  entity_refs refs;
  idle_watch idle;
};

using contact_self = contact_actor::stateful_base<contact_actor_state>;

void apply_events(contact_self* self, const domain::contact_events& events, std::int64_t new_version) {
  for (auto& e : events) domain::evolve(self->state.contact, e);
  self->state.version = new_version;
}

/// Applies what the log holds for the stream; false (logged) when an event of it is malformed.
bool absorb(contact_self* self, const eventlog::event_list& events) {
  try {
    for (auto& e : events)
      if (auto event = domain::decode_contact_event(e.type, e.data, e.position))
        domain::evolve(self->state.contact, *event);
  } catch (const domain::malformed_event& e) {
    spdlog::error("contact {}: {}", self->state.stream, e.what());
    return false;
  }
  if (!events.empty()) self->state.version = events.back().version;
  return true;
}

template <class Command>
void decide(contact_self* self, const Command& cmd, reply_promise promise, int attempt);

// After a conflict: read what others appended, then decide again.
template <class Command>
void retry(contact_self* self, const Command& cmd, reply_promise promise, int attempt) {
  if (attempt + 1 >= max_append_attempts) return reply_to(promise, failure(command_error::contact_changed));
  load_stream(
      self, self->state.refs.log, self->state.stream, self->state.version,
      [=](const eventlog::event_list& events) {
        if (!absorb(self, events)) return reply_to(promise, failure(command_error::unreadable_log));
        decide(self, cmd, promise, attempt + 1);
      },
      [=](const std::string& error) { reply_to(promise, database_unavailable(error)); });
}

domain::contact_decision decision_of(const domain::contact_state& contact, const update_contact& cmd) {
  return domain::decide_update(contact, cmd.fields, cmd.ctx);
}

domain::contact_decision decision_of(const domain::contact_state& contact, const remove_contact& cmd) {
  return domain::decide_delete(contact, cmd.ctx);
}

template <class Command>
void decide(contact_self* self, const Command& cmd, reply_promise promise, int attempt) {
  auto& st = self->state;
  if (!st.contact.exists || st.contact.deleted) return reply_to(promise, failure(command_error::not_found));
  auto decision = decision_of(st.contact, cmd);
  if (decision.thread_events.empty() && decision.old_thread_events.empty()) {
    eventlog::append_request request;
    add_stream(request, st.stream, st.version, decision.contact_events, cmd.ctx);
    append_awaiting(
        self, st.refs.log.appender, std::move(request), promise,
        [=](const eventlog::append_result& result) {
          apply_events(self, decision.contact_events, result.new_versions.at(0));
          command_reply reply;
          reply.id = self->state.contact.id;
          reply.position = result.last_position;
          reply_to(promise, reply);
        },
        [=] { retry(self, cmd, promise, attempt); });
    return;
  }
  change_contact change{decision.phone, st.contact.id, decision, st.version, cmd.ctx, {}};
  // The thread may be stuck behind another append of its own: it starts the change only by the
  // command's own deadline, or answers that it did not. No timeout here: the thread answers
  // every command (within the deadline plus the appender's bound), so a reply of ours can never
  // say "failed" of a change the thread goes on to write.
  change.start_by = cmd.start_by;
  self->request(st.refs.directory, caf::infinite, std::move(change))
      .await(
          [=](const command_reply& reply) {
            if (reply.error == command_error::stale_contact) return retry(self, cmd, promise, attempt);
            if (reply.result == outcome::ok)
              apply_events(self, decision.contact_events,
                           self->state.version + static_cast<std::int64_t>(decision.contact_events.size()));
            reply_to(promise, reply);
          },
          [=](const caf::error& err) {
            spdlog::error("contact {}: the thread of {} did not answer: {}", cmd.contact_id, decision.phone,
                          self->system().render(err));
            reply_to(promise, failure(command_error::unavailable));
          });
}

/// The handler of one command type: the deadline, then decide.
template <class Command>
auto taking(contact_self* self) {
  return [=](Command& cmd) -> reply_promise {
    self->state.idle.touch();
    auto promise = self->make_response_promise<command_reply>();
    if (past(cmd.start_by)) reply_to(promise, not_started_in_time());  // queued behind a stuck append
    else decide(self, cmd, promise, 0);
    return promise;
  };
}

/// A handler for each of the contact's commands, then `housekeeping`'s.
template <class... Commands, class... Housekeeping>
contact_actor::behavior_type behavior_of(contact_self* self, command_list<Commands...>, Housekeeping... housekeeping) {
  return {taking<Commands>(self)..., housekeeping...};
}

contact_actor::behavior_type contact_behavior(contact_self* self, std::string id, entity_refs refs) {
  // A stray reply (say, to a message that was sent, not requested) is not worth dying for.
  self->set_default_handler(caf::drop);
  self->state.stream = contact_stream(id);
  self->state.refs = refs;
  self->state.contact.id = id;
  self->state.idle.start(self, refs.idle_timeout);
  load_stream(
      self, refs.log, self->state.stream, 0,
      [=](const eventlog::event_list& events) {
        if (!absorb(self, events)) self->quit(caf::sec::runtime_error);
      },
      [=](const std::string& error) {
        spdlog::error("contact {} could not load: {}", id, error);
        self->quit(caf::sec::runtime_error);
      });
  return behavior_of(
      self, contact_commands{}, [=](stop_atom) { self->quit(); },
      [=](idle_check_atom) {
        if (self->state.idle.check(self))
          self->send(refs.directory, passivate_atom::value, self->state.stream, caf::actor_cast<caf::actor>(self));
      });
}

}  // namespace

contact_actor spawn_contact_actor(caf::actor_system& system, const std::string& id, const entity_refs& refs) {
  return system.spawn(contact_behavior, id, refs);
}

}  // namespace crm::actors
