#pragma once
// The one way an entity actor appends what it decided: it waits for the appender (one command
// at a time, so the next is decided on the state this one leaves), and sorts the answer into
// written, a version conflict to decide again, or the database failing.

#include <string>

#include <caf/all.hpp>

#include "actors/command_reply.hpp"
#include "actors/message_types.hpp"
#include "eventlog/append_request.hpp"

namespace crm::actors {

/// How many times an entity actor decides one command before it answers concurrent_change.
inline constexpr int max_append_attempts = 4;

/// Appends `request` and waits: `on_written(result)` when the log took it, `on_conflict()` when
/// an expected version was stale, `on_failed(detail)` when the database failed. The appender
/// answers every append within 30 s (log_access.cpp), hence no timeout here.
template <class Self, class OnWritten, class OnConflict, class OnFailed>
void await_append(Self* self, const caf::actor& appender, eventlog::append_request request, OnWritten on_written,
                  OnConflict on_conflict, OnFailed on_failed) {
  self->request(appender, caf::infinite, append_atom::value, std::move(request))
      .await(
          [=](const eventlog::append_result& result) mutable {
            if (result.status == eventlog::append_status::conflict) return on_conflict();
            if (result.status != eventlog::append_status::ok) return on_failed(result.message);
            on_written(result);
          },
          [=](const caf::error& err) mutable { on_failed(self->system().render(err)); });
}

/// The same for a command: a database failure answers `promise` database_unavailable.
template <class Self, class OnWritten, class OnConflict>
void append_awaiting(Self* self, const caf::actor& appender, eventlog::append_request request, reply_promise promise,
                     OnWritten on_written, OnConflict on_conflict) {
  await_append(self, appender, std::move(request), std::move(on_written), std::move(on_conflict),
               [promise](const std::string& detail) { reply_to(promise, database_unavailable(detail)); });
}

}  // namespace crm::actors
