#pragma once
// The thread actor's state and the steps its jobs share. The actor is split by job: commands
// and loading (thread_actor.cpp), sending (thread_sending.cpp), receiving texts and status
// callbacks (thread_receiving.cpp), history, read marks and possible opt-outs
// (thread_history.cpp), and the contact holding the number (thread_contacts.cpp). Each job is
// a `decide` overload for its command (thread_commands.hpp); each decides with domain/ and
// appends with append(); none words a reply (http/command_error_text) or renders TwiML.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/append_and_retry.hpp"
#include "actors/entity_interfaces.hpp"
#include "actors/entity_refs.hpp"
#include "actors/idle_watch.hpp"
#include "actors/persist.hpp"
#include "actors/stream_loading.hpp"
#include "domain/thread_state.hpp"

namespace crm::actors {

struct thread_actor_state {
  domain::thread_state thread;
  /// The stream has been read (or is known to be empty). Until then only a contact create is
  /// decided, optimistically on an empty thread: most creates are for numbers never seen.
  bool loaded = false;
  std::int64_t version = 0;
  std::string stream;
  entity_refs refs;
  std::map<std::string, reply_promise> waiting_sends;  ///< message id -> the HTTP request
  std::map<std::string, std::vector<domain::status_update>>
      early_statuses;  ///< sid -> callbacks before our accept was recorded
  idle_watch idle;
};

using thread_self = thread_actor::stateful_base<thread_actor_state>;

/// Messages Twilio listed for this thread, to import (the second step of sync_history, kept as a
/// command of its own so that a conflict decides it again).
struct import_history {
  std::vector<domain::listed_message> messages;
  domain::actor_context ctx;
};

/// The clock of decisions (consent windows, quiet hours) and of the times events record.
domain::instant now(thread_self* self);

/// Tells the gateway whether this number is opted out now (actors/opt_out_board.hpp).
void publish_consent(thread_self* self);

/// Applies what the log holds for the stream; false (logged) when an event of it is malformed,
/// and the actor then stays unloaded: nothing can be decided on a history it does not know.
bool absorb(thread_self* self, const eventlog::event_list& events);

/// The reply for a command that wrote: its id and the log position to wait for.
command_reply written(const eventlog::append_result& result, std::string id, outcome how = outcome::ok);

/// Applies the thread's own `events` once the log took them at `result` (`own`: our stream's
/// index among the request's streams).
void apply_written(thread_self* self, const domain::thread_events& events, const eventlog::append_result& result,
                   size_t own);

// The jobs: each decides its command on the current state, at its `attempt`-th try, and
// answers `promise`. One file each.
void decide(thread_self* self, const create_contact& cmd, reply_promise promise, int attempt);
void decide(thread_self* self, const change_contact& cmd, reply_promise promise, int attempt);
void decide(thread_self* self, const send_text& cmd, reply_promise promise, int attempt);
void decide(thread_self* self, const recover_sends& cmd, reply_promise promise, int attempt);
void decide(thread_self* self, const receive_text& cmd, reply_promise promise, int attempt);
void decide(thread_self* self, const record_status& cmd, reply_promise promise, int attempt);
void decide(thread_self* self, const refresh_status& cmd, reply_promise promise, int attempt);
void decide(thread_self* self, const mark_read& cmd, reply_promise promise, int attempt);
void decide(thread_self* self, const sync_history& cmd, reply_promise promise, int attempt);
void decide(thread_self* self, const import_history& cmd, reply_promise promise, int attempt);
void decide(thread_self* self, const resolve_possible_opt_out& cmd, reply_promise promise, int attempt);

/// A send's answer came (or is overdue): tells the request waiting for it.
void answer_waiting_send(thread_self* self, const std::string& message_id, command_reply reply);

/// A conflict: re-reads the stream and decides `cmd` again, or answers why not. If the stream
/// had not moved, the other stream in the request (the contact's) was stale, which only its
/// own actor can resolve.
template <class Command>
void after_conflict(thread_self* self, const Command& cmd, reply_promise promise, int attempt) {
  auto before = self->state.version;
  load_stream(
      self, self->state.refs.log, self->state.stream, before,
      [=](const eventlog::event_list& events) {
        if (!absorb(self, events)) return reply_to(promise, failure(command_error::unreadable_log));
        if (self->state.version == before) return reply_to(promise, failure(command_error::stale_contact));
        if (attempt + 1 >= max_append_attempts) return reply_to(promise, failure(command_error::number_changed));
        decide(self, cmd, promise, attempt + 1);
      },
      [=](const std::string& error) { reply_to(promise, database_unavailable(error)); });
}

/// Where our stream sits among the request's: a contact's move also writes the contact's stream
/// before ours and the old number's after it, and the result has a version per stream. Taking
/// the last one once gave this thread the old number's version, and its every later append
/// conflicted until the actor passivated.
size_t own_stream_index(thread_self* self, const eventlog::append_request& request);

/// Appends `request`, decided for `cmd`; on success applies the thread's own events and calls
/// `then(result)`, on a conflict decides `cmd` again. The command and the events are kept once,
/// behind shared pointers, for the answer and a retry: copied into each callback they were ~4%
/// of crmd's CPU per inbound webhook.
template <class Command, class Then>
void append(thread_self* self, const Command& cmd, reply_promise promise, int attempt, eventlog::append_request request,
            domain::thread_events thread_events, Then then) {
  auto command = std::make_shared<const Command>(cmd);
  auto events = std::make_shared<const domain::thread_events>(std::move(thread_events));
  auto own = own_stream_index(self, request);
  append_awaiting(
      self, self->state.refs.log.appender, std::move(request), promise,
      [=](const eventlog::append_result& result) {
        apply_written(self, *events, result, own);
        then(result);
      },
      [=] { after_conflict(self, *command, promise, attempt); });
}

}  // namespace crm::actors
