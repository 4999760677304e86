// The thread actor owns a phone number: which contact holds it, its consent ledger and its
// messages. Deciding here, one command at a time, is what makes a number's uniqueness and the
// consent check before a send immune to races: the state cannot change between check and send.

#include <spdlog/spdlog.h>

#include "actors/entity_actors.hpp"
#include "actors/idle_watch.hpp"
#include "actors/message_types.hpp"
#include "actors/persist.hpp"
#include "actors/stream_loading.hpp"
#include "domain/contact_document.hpp"
#include "domain/iso_time.hpp"
#include "domain/quiet_hours.hpp"
#include "domain/thread_state.hpp"
#include "eventlog/uuid.hpp"
#include "twilio/twiml.hpp"

namespace crm::actors {
namespace {

using namespace std::chrono_literals;

constexpr int max_attempts = 4;

struct thread_actor_state {
  domain::thread_state thread;
  /// The stream has been read (or is known to be empty). Until then only a contact create is
  /// decided, optimistically on an empty thread: most creates are for numbers never seen.
  bool loaded = false;
  std::int64_t version = 0;
  std::string stream;
  entity_refs refs;
  std::map<std::string, caf::response_promise> waiting_sends;  ///< message id -> the HTTP request
  std::map<std::string, std::vector<domain::status_update>> early_statuses;  ///< sid -> callbacks before our accept was recorded
  idle_watch idle;
};

using thread_self = caf::stateful_actor<thread_actor_state>;

// The clock of decisions (consent windows, quiet hours) and of the times events record.
domain::instant now(thread_self* self) { return std::chrono::system_clock::now() + self->state.refs.clock_offset; }

command_reply duplicate_phone() {
  return failure(outcome::conflict, "duplicate_phone", "Contact with this phone number already exists", "phone");
}

// Tells the gateway whether this number is opted out now (actors/opt_out_board.hpp).
void publish_consent(thread_self* self) {
  if (self->state.refs.opt_outs)
    self->state.refs.opt_outs->set(self->state.thread.phone,
                                   self->state.thread.consent.status == domain::consent_status::opted_out);
}

bool changes_consent(const domain::thread_event& event) {
  return std::holds_alternative<domain::events::consent_revoked>(event) ||
         std::holds_alternative<domain::events::consent_granted>(event);
}

// The answer while the thread's stream holds an event its type cannot read: nothing can be
// decided on a history the actor does not know.
command_reply unreadable_stream() {
  return failure(outcome::unavailable, "unreadable_log",
                 "This number's history in the log cannot be read; the server log names the event");
}

/// Applies what the log holds for the stream; false (logged) when an event of it is malformed,
/// and the actor then stays unloaded.
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

void handle(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt);

// A conflict: re-read our stream. If it had not moved, the other stream in the request (the
// contact's) was stale, which only its own actor can resolve.
void after_conflict(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  auto before = self->state.version;
  load_stream(self, self->state.refs.log, self->state.stream, before,
              [=](const eventlog::event_list& events) {
                if (!absorb(self, events)) return reply_to(promise, unreadable_stream());
                if (self->state.version == before)
                  return reply_to(promise, failure(outcome::conflict, "stale_contact", "The contact changed meanwhile"));
                if (attempt + 1 >= max_attempts)
                  return reply_to(promise, failure(outcome::conflict, "concurrent_change", "The number changed meanwhile; try again"));
                handle(self, cmd, promise, attempt + 1);
              },
              [=](const std::string& error) { reply_to(promise, database_unavailable(error)); });
}

/// Appends `request`; on success applies the thread's own events and calls `then(result)`.
/// The command and the events are kept once, behind shared pointers, for the answer and a retry
/// after a conflict: copied into each callback they were ~4% of crmd's CPU per inbound webhook.
template <class Then>
void append(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt,
            eventlog::append_request request, domain::thread_events thread_events, Then then) {
  auto command = std::make_shared<const thread_command>(std::move(cmd));
  auto events = std::make_shared<const domain::thread_events>(std::move(thread_events));
  // Where our stream sits among the request's: a contact's move also writes the contact's stream
  // before ours and the old number's after it, and the result has a version per stream. Taking
  // the last one once gave this thread the old number's version, and its every later append
  // conflicted until the actor passivated.
  size_t own = 0;
  while (own < request.streams.size() && request.streams[own].stream_id != self->state.stream) ++own;
  // The appender answers every append within 30 s (log_access.cpp).
  self->request(self->state.refs.log.appender, caf::infinite, append_atom::value, std::move(request))
      .await(
          [=](const eventlog::append_result& result) {
            if (result.status == eventlog::append_status::conflict) return after_conflict(self, *command, promise, attempt);
            if (result.status != eventlog::append_status::ok)
              return reply_to(promise, database_unavailable(result.message));
            if (!result.duplicate) {
              for (auto& e : *events) domain::evolve(self->state.thread, e);
              if (std::any_of(events->begin(), events->end(), changes_consent))
                publish_consent(self);
              if (!events->empty()) self->state.version = result.new_versions.at(own);
              // An unread stream that took our events at its expected version was empty before them.
              if (!events->empty()) self->state.loaded = true;
            }
            then(result);
          },
          [=](const caf::error& err) {
            reply_to(promise, database_unavailable(self->system().render(err)));
          });
}

command_reply written(const eventlog::append_result& result, std::string id, outcome how = outcome::ok) {
  command_reply reply;
  reply.result = how;
  reply.id = std::move(id);
  reply.position = result.last_position;
  return reply;
}

// --- Sending -------------------------------------------------------------------------------

void record_outcome(thread_self* self, const std::string& message_id, const gateway_result& result);

void dispatch(thread_self* self, const domain::outbound_message& message, bool look_up_first) {
  // Only a look-up needs the claimed sids; a first send does not copy the thread's every sid. A
  // first send whose answer is lost looks up without them, and record_outcome catches a sid
  // taken twice.
  gateway_job job{message.message_id, message.to, message.body, message.media_urls, message.requested_at, look_up_first,
                  look_up_first ? self->state.thread.known_sids : std::set<std::string>{}};
  auto id = message.message_id;
  self->request(self->state.refs.gateway, 10min, send_atom::value, std::move(job))
      .then([=](const gateway_result& result) { record_outcome(self, id, result); },
            [=](const caf::error& err) {
              // The outcome stays unrecorded; the next start's recovery looks it up in Twilio.
              spdlog::error("gateway lost send {}: {}", id, self->system().render(err));
              if (auto it = self->state.waiting_sends.find(id); it != self->state.waiting_sends.end()) {
                reply_to(it->second, failure(outcome::accepted, "queued", "Queued; Twilio has not answered yet"));
                self->state.waiting_sends.erase(it);
              }
            });
}

void answer_waiting_send(thread_self* self, const std::string& message_id, command_reply reply) {
  auto it = self->state.waiting_sends.find(message_id);
  if (it == self->state.waiting_sends.end()) return;
  reply_to(it->second, std::move(reply));
  self->state.waiting_sends.erase(it);
}

void record_outcome(thread_self* self, const std::string& message_id, const gateway_result& result) {
  domain::thread_event event;
  auto& m = result.message;
  // A look-up found a text another of ours already holds (two identical texts, both answers
  // lost, looked up at once): look again, past every sid the thread knows by now.
  if (result.result == gateway_result::kind::accepted) {
    auto holder = self->state.thread.outbound_by_sid.find(m.sid);
    auto mine = self->state.thread.outbound.find(message_id);
    if (holder != self->state.thread.outbound_by_sid.end() && holder->second != message_id &&
        mine != self->state.thread.outbound.end())
      return dispatch(self, mine->second, true);
  }
  if (result.result == gateway_result::kind::accepted) {
    auto created = m.date_created_at ? domain::format_iso8601(*m.date_created_at) : "";
    event = domain::twilio_accepted(message_id, m.sid, m.status, m.num_segments, m.price, m.price_unit, created, now(self));
  } else {
    event = domain::send_failed(message_id, result.error_code, result.error_message, now(self));
  }
  eventlog::append_request request;
  domain::actor_context ctx;
  // Twilio's answer is a fact, not a decision on our state: it goes in whatever the version.
  add_stream_idempotent(request, self->state.stream, eventlog::expected::any, domain::thread_events{event}, ctx,
                        "outcome:" + message_id);
  caf::response_promise promise;  // nobody asked: failures are logged by the appender
  thread_command none;
  append(self, none, promise, max_attempts, std::move(request), domain::thread_events{event}, [=](const eventlog::append_result& written_at) {
    command_reply reply = written(written_at, message_id);
    if (result.result == gateway_result::kind::accepted) {
      reply.body = m.sid;
      // Callbacks that beat this record go back through the mailbox, one command each, so each
      // is decided on the state the one before it left. Applied here in a loop, every append
      // expected the same version and CAF answered the awaited appends last-first: they
      // conflicted, some ran out of attempts, and a text could stay "sent" after "delivered".
      auto early = self->state.early_statuses.find(m.sid);
      if (early != self->state.early_statuses.end()) {
        for (auto& update : early->second) {
          thread_command held;
          held.what = thread_command::kind::status;
          held.phone = self->state.thread.phone;
          held.sid = m.sid;
          held.status_update = update;
          // Anonymous: the command's answer then goes nowhere, where one sent back to this actor
          // as a reply to nothing ended it (unexpected_message).
          caf::anon_send(caf::actor_cast<caf::actor>(self), std::move(held));
        }
        self->state.early_statuses.erase(early);
      }
    } else if (result.result == gateway_result::kind::opted_out) {
      reply = failure(outcome::forbidden, "opted_out", "This number replied STOP while the text waited for Twilio; it was not sent");
      reply.position = written_at.last_position;
    } else if (result.result == gateway_result::kind::refused) {
      reply.result = outcome::upstream_refused;
      reply.code = "twilio_error";
      reply.message = "Twilio refused the message: " + result.error_message +
                      (result.error_code ? " (code " + std::to_string(*result.error_code) + ")" : "");
      reply.field = result.error_code ? std::to_string(*result.error_code) : "";
    } else {
      reply.result = outcome::unavailable;
      reply.code = "twilio_unavailable";
      reply.message = "Twilio could not be reached: " + result.error_message;
    }
    answer_waiting_send(self, message_id, reply);
  });
}

void send(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  if (!self->state.refs.gateway)
    return reply_to(promise, failure(outcome::unavailable, "twilio_not_configured", "Twilio not configured. Missing environment variables."));
  auto location = domain::locate_recipient(cmd.address_state, self->state.thread.phone);
  auto decision = domain::decide_outbound(self->state.thread, cmd.outbound, now(self), location);
  eventlog::append_request request;
  add_stream(request, self->state.stream, self->state.version, decision.events, cmd.ctx);
  append(self, cmd, promise, attempt, std::move(request), decision.events, [=](const eventlog::append_result& result) {
    if (decision.refusal) {
      auto code = domain::reason_code(*decision.refusal);
      std::string message = *decision.refusal == domain::refusal_reason::opted_out
                                ? "This number replied STOP and has opted out of texts"
                            : *decision.refusal == domain::refusal_reason::no_consent
                                ? "No consent on record for this number: send an opt-in request first"
                            : *decision.refusal == domain::refusal_reason::quiet_hours
                                ? "It is outside 8:00-21:00 for the recipient; try again later"
                            : *decision.refusal == domain::refusal_reason::possible_opt_out
                                ? "Their last text reads like a request to stop texting: confirm that you mean to "
                                  "text them, or record what they asked for first"
                                : "An opt-in request was already sent to this number in the last 30 days";
      auto reply = failure(outcome::forbidden, code, message);
      reply.position = result.last_position;
      return reply_to(promise, reply);
    }
    auto& id = cmd.outbound.message_id;
    self->state.waiting_sends[id] = promise;
    dispatch(self, self->state.thread.outbound.at(id), false);
    self->delayed_send(self, self->state.refs.reply_within, late_atom::value, id);
  });
}

// --- Receiving -----------------------------------------------------------------------------

void inbound(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  auto decision = domain::decide_inbound(self->state.thread, cmd.inbound, *self->state.refs.replies, now(self));
  auto twiml = decision.replies.empty() ? twilio::twiml_empty() : twilio::twiml_messages(decision.replies);
  if (self->state.thread.known_sids.count(cmd.inbound.sid)) {  // Twilio retried: same answer, nothing new
    command_reply reply;
    reply.id = cmd.inbound.sid;
    reply.body = twiml;
    return reply_to(promise, reply);
  }
  eventlog::append_request request;
  add_stream_idempotent(request, self->state.stream, self->state.version, decision.events, cmd.ctx, "inbound:" + cmd.inbound.sid);
  auto sid = cmd.inbound.sid;
  append(self, std::move(cmd), promise, attempt, std::move(request), std::move(decision.events),
         [=](const eventlog::append_result& result) {
           auto reply = written(result, sid);
           reply.body = twiml;
           reply_to(promise, reply);
         });
}

void apply_status(thread_self* self, const std::string& sid, const domain::status_update& update,
                  caf::response_promise promise) {
  auto& thread = self->state.thread;
  if (!thread.outbound_by_sid.count(sid)) {
    // The callback can beat our own record of Twilio's acceptance: keep it for that moment.
    bool pending = std::any_of(thread.outbound.begin(), thread.outbound.end(), [](auto& m) { return !m.second.resolved; });
    if (pending) self->state.early_statuses[sid].push_back(update);
    return reply_to(promise, command_reply{});
  }
  auto event = domain::decide_status(thread, sid, update, now(self));
  if (!event) return reply_to(promise, command_reply{});  // nothing changes: a repeat or a late, lesser status
  eventlog::append_request request;
  domain::actor_context ctx;
  auto seed = "status:" + sid + ":" + update.status + ":" + (update.error_code ? std::to_string(*update.error_code) : "");
  add_stream_idempotent(request, self->state.stream, self->state.version, domain::thread_events{*event}, ctx, seed);
  thread_command cmd;
  cmd.what = thread_command::kind::status;
  cmd.sid = sid;
  cmd.status_update = update;
  append(self, cmd, promise, 0, std::move(request), domain::thread_events{*event},
         [=](const eventlog::append_result& result) { reply_to(promise, written(result, sid)); });
}

// --- History, reading, recovery -------------------------------------------------------------

domain::listed_message listed(const twilio::twilio_message& m) {
  return {m.sid, m.direction == "inbound", m.from, m.to, m.body, m.status, m.num_segments, m.price, m.price_unit,
          m.date_created_at, m.date_sent_at};
}

// Ids from Twilio's sids, so a sync that runs twice (or is retried) writes each once: a text by
// its sid, the consent change a keyword text made by that text's sid.
std::string import_event_id(const domain::thread_event& event) {
  return std::visit(domain::overloaded{
                        [](const domain::events::message_imported& e) { return eventlog::name_uuid("import:" + e.sid); },
                        [](const domain::events::consent_granted& e) {
                          return eventlog::name_uuid("import-consent:" + e.message_sid.value_or(""));
                        },
                        [](const domain::events::consent_revoked& e) {
                          return eventlog::name_uuid("import-consent:" + e.message_sid.value_or(""));
                        },
                        [](const auto&) { return eventlog::random_uuid(); },
                    },
                    event);
}

void import_history(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  std::vector<domain::listed_message> messages;
  messages.reserve(cmd.history.size());
  for (auto& m : cmd.history) messages.push_back(listed(m));
  auto decision = domain::decide_history_import(self->state.thread, messages);
  auto counts = "{\"imported\":" + std::to_string(decision.imported) + ",\"skipped\":" + std::to_string(decision.skipped) + "}";
  if (decision.events.empty()) {
    command_reply reply;
    reply.body = counts;
    return reply_to(promise, reply);
  }
  eventlog::append_request request;
  add_stream(request, self->state.stream, self->state.version, decision.events, cmd.ctx);
  auto& appended = request.streams.back().events;
  for (size_t i = 0; i < appended.size(); ++i) appended[i].event_id = import_event_id(decision.events[i]);
  append(self, cmd, promise, attempt, std::move(request), decision.events, [=](const eventlog::append_result& result) {
    auto reply = written(result, "");
    reply.body = counts;
    reply_to(promise, reply);
  });
}

void mark_read(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  domain::thread_events events{domain::decide_mark_read(self->state.thread, cmd.ctx.user_id, now(self))};
  eventlog::append_request request;
  add_stream(request, self->state.stream, self->state.version, events, cmd.ctx);
  append(self, cmd, promise, attempt, std::move(request), events,
         [=](const eventlog::append_result& result) { reply_to(promise, written(result, "")); });
}

void resolve_possible_opt_out(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  auto decision = domain::decide_possible_opt_out_resolution(self->state.thread, cmd.resolution, cmd.reason, cmd.ctx,
                                                             now(self));
  if (!decision.ok()) {
    bool missing = *decision.error == domain::resolution_error::no_possible_opt_out;
    return reply_to(promise, failure(missing ? outcome::conflict : outcome::invalid,
                                     domain::resolution_error_code(*decision.error),
                                     missing ? "This conversation has no possible opt-out to resolve"
                                             : "Say why texting may go on (a reason is required to keep texting)",
                                     missing ? "" : "reason"));
  }
  eventlog::append_request request;
  add_stream(request, self->state.stream, self->state.version, decision.events, cmd.ctx);
  append(self, cmd, promise, attempt, std::move(request), decision.events,
         [=](const eventlog::append_result& result) { reply_to(promise, written(result, "")); });
}

void recover_sends(thread_self* self, caf::response_promise promise) {
  int resumed = 0;
  if (self->state.refs.gateway)
    for (auto& [id, message] : self->state.thread.outbound)
      if (!message.resolved) {
        dispatch(self, message, true);
        ++resumed;
      }
  command_reply reply;
  reply.body = std::to_string(resumed);
  reply_to(promise, reply);
}

// --- Contacts --------------------------------------------------------------------------------

void contact_change(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt) {
  auto& thread = self->state.thread;
  if (cmd.what == thread_command::kind::create_contact) {
    if (!thread.linked_contact_id.empty()) return reply_to(promise, duplicate_phone());
    auto decision = domain::decide_create(cmd.contact_id, cmd.fields, cmd.ctx);
    eventlog::append_request request;
    // The contact's events first, so projections see the contact before its consent.
    add_stream(request, contact_stream(cmd.contact_id), eventlog::expected::no_stream, decision.contact_events, cmd.ctx);
    add_stream(request, self->state.stream, self->state.version, decision.thread_events, cmd.ctx);
    // The read model's document of the new contact, folded as the projection folds it, so the
    // reply need not read it back (the caller still waits until the projection has it).
    auto document = domain::created_contact_document(decision);
    return append(self, cmd, promise, attempt, std::move(request), decision.thread_events,
                  [=](const eventlog::append_result& result) {
                    auto reply = written(result, cmd.contact_id, outcome::created);
                    reply.body = document;
                    reply_to(promise, reply);
                  });
  }
  auto& change = cmd.contact_change;
  bool links_here = !change.old_phone.empty();
  if (links_here && !thread.linked_contact_id.empty() && thread.linked_contact_id != cmd.contact_id)
    return reply_to(promise, duplicate_phone());
  eventlog::append_request request;
  add_stream(request, contact_stream(cmd.contact_id), cmd.contact_expected_version, change.contact_events, cmd.ctx);
  add_stream(request, self->state.stream, self->state.version, change.thread_events, cmd.ctx);
  // The old number's thread only loses the link; no decision there depends on its version.
  if (links_here) add_stream(request, thread_stream(change.old_phone), eventlog::expected::any, change.old_thread_events, cmd.ctx);
  append(self, cmd, promise, attempt, std::move(request), change.thread_events, [=](const eventlog::append_result& result) {
    if (links_here) self->send(self->state.refs.directory, reload_atom::value, change.old_phone);
    reply_to(promise, written(result, cmd.contact_id));
  });
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
                      if (!absorb(self, events)) return reply_to(promise, unreadable_stream());
                      handle(self, cmd, promise, 0);
                    },
                    [=](const std::string& error) {
                      spdlog::error("thread {} could not load: {}", phone, error);
                      reply_to(promise, database_unavailable(error));
                    });
        return promise;
      },
      [=](late_atom, const std::string& message_id) {
        answer_waiting_send(self, message_id,
                            failure(outcome::accepted, "queued", "Twilio is slow to answer; the message is queued and will be sent"));
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
