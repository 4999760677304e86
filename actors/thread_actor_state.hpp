#pragma once
// The thread actor's state and the steps its jobs share. The actor is split by job: commands
// and loading (thread_actor.cpp), sending (thread_sending.cpp), receiving texts and status
// callbacks (thread_receiving.cpp), history, read marks and possible opt-outs
// (thread_history.cpp), and the contact holding the number (thread_contacts.cpp). Each decides
// with domain/ and appends with append(); none words a reply (command_error) or renders TwiML.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/append_and_retry.hpp"
#include "actors/commands.hpp"
#include "actors/entity_refs.hpp"
#include "actors/idle_watch.hpp"
#include "actors/persist.hpp"
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
  std::map<std::string, caf::response_promise> waiting_sends;  ///< message id -> the HTTP request
  std::map<std::string, std::vector<domain::status_update>> early_statuses;  ///< sid -> callbacks before our accept was recorded
  idle_watch idle;
};

using thread_self = caf::stateful_actor<thread_actor_state>;

/// The clock of decisions (consent windows, quiet hours) and of the times events record.
domain::instant now(thread_self* self);

/// Tells the gateway whether this number is opted out now (actors/opt_out_board.hpp).
void publish_consent(thread_self* self);

/// Decides `cmd` on the current state: the one entry of every command, and of its retries.
void handle(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt);

/// A conflict: re-reads the stream and decides `cmd` again, or answers why not.
void after_conflict(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt);

/// The reply for a command that wrote: its id and the log position to wait for.
command_reply written(const eventlog::append_result& result, std::string id, outcome how = outcome::ok);

// The jobs, one file each.
void send(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt);
void answer_waiting_send(thread_self* self, const std::string& message_id, command_reply reply);
void recover_sends(thread_self* self, caf::response_promise promise);
void inbound(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt);
void apply_status(thread_self* self, const std::string& sid, const domain::status_update& update,
                  caf::response_promise promise);
void import_history(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt);
void mark_read(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt);
void resolve_possible_opt_out(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt);
void contact_change(thread_self* self, thread_command cmd, caf::response_promise promise, int attempt);

bool changes_consent(const domain::thread_event& event);

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
  append_awaiting(
      self, self->state.refs.log.appender, std::move(request), promise,
      [=](const eventlog::append_result& result) {
        if (!result.duplicate) {
          for (auto& e : *events) domain::evolve(self->state.thread, e);
          if (std::any_of(events->begin(), events->end(), changes_consent)) publish_consent(self);
          if (!events->empty()) self->state.version = result.new_versions.at(own);
          // An unread stream that took our events at its expected version was empty before them.
          if (!events->empty()) self->state.loaded = true;
        }
        then(result);
      },
      [=] { after_conflict(self, *command, promise, attempt); });
}

}  // namespace crm::actors
