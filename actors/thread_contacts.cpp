// The contact holding the number: a create on this number, and a contact's change that moves to,
// away from or changes consent on it. The thread decides, because only it can keep a number to
// one contact; it appends the contact's stream with its own.

#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"
#include "actors/thread_actor_state.hpp"
#include "domain/contact_document.hpp"

namespace crm::actors {

void decide(thread_self* self, const create_contact& cmd, reply_promise promise, int attempt) {
  if (!self->state.thread.linked_contact_id.empty())
    return reply_to(promise, failure(command_error::duplicate_phone, "phone"));
  auto decision = domain::decide_create(cmd.contact_id, cmd.fields, cmd.ctx);
  eventlog::append_request request;
  // The contact's events first, so projections see the contact before its consent.
  add_stream(request, contact_stream(cmd.contact_id), eventlog::expected::no_stream, decision.contact_events, cmd.ctx);
  add_stream(request, self->state.stream, self->state.version, decision.thread_events, cmd.ctx);
  // The read model's document of the new contact, folded as the projection folds it, so the
  // reply need not read it back (the caller still waits until the projection has it).
  auto document = domain::created_contact_document(decision);
  append(self, cmd, promise, attempt, std::move(request), decision.thread_events,
         [=](const eventlog::append_result& result) {
           auto reply = written(result, cmd.contact_id, outcome::created);
           reply.body = document;
           reply_to(promise, reply);
         });
}

void decide(thread_self* self, const change_contact& cmd, reply_promise promise, int attempt) {
  auto& thread = self->state.thread;
  auto& change = cmd.change;
  bool links_here = !change.old_phone.empty();
  if (links_here && !thread.linked_contact_id.empty() && thread.linked_contact_id != cmd.contact_id)
    return reply_to(promise, failure(command_error::duplicate_phone, "phone"));
  eventlog::append_request request;
  add_stream(request, contact_stream(cmd.contact_id), cmd.contact_expected_version, change.contact_events, cmd.ctx);
  add_stream(request, self->state.stream, self->state.version, change.thread_events, cmd.ctx);
  // The old number's thread only loses the link; no decision there depends on its version.
  if (links_here)
    add_stream(request, thread_stream(change.old_phone), eventlog::expected::any, change.old_thread_events, cmd.ctx);
  append(self, cmd, promise, attempt, std::move(request), change.thread_events,
         [=](const eventlog::append_result& result) {
           if (links_here) self->send(self->state.refs.directory, reload_atom::value, change.old_phone);
           reply_to(promise, written(result, cmd.contact_id));
         });
}

}  // namespace crm::actors
