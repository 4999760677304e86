// The thread actor owns a phone number: which contact holds it, and (with messaging) its
// consent ledger and messages. Deciding here, one command at a time, is what makes a number's
// uniqueness and consent checks immune to races.

#include <spdlog/spdlog.h>

#include "actors/entity_actors.hpp"
#include "actors/message_types.hpp"
#include "actors/persist.hpp"
#include "actors/stream_loading.hpp"
#include "domain/thread_state.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;

constexpr int max_attempts = 4;

struct thread_actor_state {
  domain::thread_state thread;
  std::int64_t version = 0;
  std::string stream;
  entity_refs refs;
};

using thread_self = caf::stateful_actor<thread_actor_state>;

command_reply failure(outcome result, std::string code, std::string message, std::string field = {}) {
  command_reply r;
  r.result = result;
  r.code = std::move(code);
  r.message = std::move(message);
  r.field = std::move(field);
  return r;
}

command_reply duplicate_phone() {
  return failure(outcome::conflict, "duplicate_phone", "Contact with this phone number already exists", "phone");
}

void absorb(thread_self* self, const eventlog::event_list& events) {
  for (auto& e : events) domain::evolve(self->state.thread, e.type, e.data);
  if (!events.empty()) self->state.version = events.back().version;
}

void handle(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt);

// A conflict: re-read our stream. If it had not moved, the other stream in the request (the
// contact's) was stale, which only its own actor can resolve.
void after_conflict(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  auto before = self->state.version;
  load_stream(self, self->state.refs.log, self->state.stream, before,
              [=](const eventlog::event_list& events) {
                absorb(self, events);
                if (self->state.version == before)
                  return reply_to(promise, failure(outcome::conflict, "stale_contact", "The contact changed meanwhile"));
                if (attempt + 1 >= max_attempts)
                  return reply_to(promise, failure(outcome::conflict, "concurrent_change", "The number changed meanwhile; try again"));
                handle(self, cmd, promise, attempt + 1);
              },
              [=](const std::string& error) { reply_to(promise, failure(outcome::unavailable, "database_unavailable", error)); });
}

void append_and_reply(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt,
                      eventlog::append_request request, domain::domain_events thread_events, outcome success) {
  self->request(self->state.refs.log.appender, 30s, append_atom::value, std::move(request))
      .await(
          [=](const eventlog::append_result& result) {
            if (result.status == eventlog::append_status::conflict) return after_conflict(self, cmd, promise, attempt);
            if (result.status != eventlog::append_status::ok)
              return reply_to(promise, failure(outcome::unavailable, "database_unavailable", result.message));
            for (auto& e : thread_events) domain::evolve(self->state.thread, e.type, e.data);
            if (!thread_events.empty()) self->state.version += static_cast<std::int64_t>(thread_events.size());
            auto& old_phone = cmd.contact_change.old_phone;
            if (!old_phone.empty()) {
              self->send(self->state.refs.directory, reload_atom::value, old_phone);
            }
            command_reply reply;
            reply.result = success;
            reply.id = cmd.contact_id;
            reply.position = result.last_position;
            reply_to(promise, reply);
          },
          [=](const caf::error& err) {
            reply_to(promise, failure(outcome::unavailable, "database_unavailable", self->system().render(err)));
          });
}

void handle(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  auto& thread = self->state.thread;
  switch (cmd.what) {
    case thread_command::kind::create_contact: {
      if (!thread.linked_contact_id.empty()) return reply_to(promise, duplicate_phone());
      auto decision = domain::decide_create(cmd.contact_id, cmd.fields, cmd.ctx);
      eventlog::append_request request;
      // The contact's events first, so projections see the contact before its consent.
      add_stream(request, contact_stream(cmd.contact_id), eventlog::expected::no_stream, decision.contact_events, cmd.ctx);
      add_stream(request, self->state.stream, self->state.version, decision.thread_events, cmd.ctx);
      return append_and_reply(self, cmd, promise, attempt, std::move(request), decision.thread_events, outcome::created);
    }
    case thread_command::kind::apply_contact_change: {
      auto& change = cmd.contact_change;
      bool links_here = !change.old_phone.empty();
      if (links_here && !thread.linked_contact_id.empty() && thread.linked_contact_id != cmd.contact_id)
        return reply_to(promise, duplicate_phone());
      eventlog::append_request request;
      add_stream(request, contact_stream(cmd.contact_id), cmd.contact_expected_version, change.contact_events, cmd.ctx);
      add_stream(request, self->state.stream, self->state.version, change.thread_events, cmd.ctx);
      // The old number's thread only loses the link; no decision there depends on its version.
      if (links_here)
        add_stream(request, thread_stream(change.old_phone), eventlog::expected::any, change.old_thread_events, cmd.ctx);
      return append_and_reply(self, cmd, promise, attempt, std::move(request), change.thread_events, outcome::ok);
    }
  }
}

caf::behavior thread_actor(thread_self* self, std::string phone, entity_refs refs) {
  // A stray reply (say, to a message that was sent, not requested) is not worth dying for.
  self->set_default_handler(caf::drop);
  self->state.stream = thread_stream(phone);
  self->state.refs = refs;
  self->state.thread.phone = phone;
  load_stream(self, refs.log, self->state.stream, 0, [=](const eventlog::event_list& events) { absorb(self, events); },
              [=](const std::string& error) {
                spdlog::error("thread {} could not load: {}", phone, error);
                self->quit(caf::sec::runtime_error);
              });
  return {
      [=](thread_command& cmd) {
        auto promise = self->make_response_promise();
        handle(self, std::move(cmd), promise, 0);
        return promise;
      },
      [=](reload_atom, const std::string&) {
        load_stream(self, self->state.refs.log, self->state.stream, self->state.version,
                    [=](const eventlog::event_list& events) { absorb(self, events); },
                    [=](const std::string& error) { spdlog::error("thread {} reload failed: {}", self->state.stream, error); });
      },
      [=](stop_atom) { self->quit(); },
      caf::after(refs.idle_timeout) >> [=] {
        self->send(refs.directory, passivate_atom::value, self->state.stream, caf::actor_cast<caf::actor>(self));
      },
  };
}

}  // namespace

caf::actor spawn_thread_actor(caf::actor_system& system, const std::string& phone, const entity_refs& refs) {
  return system.spawn(thread_actor, phone, refs);
}

}  // namespace crm::actors
