#pragma once
// The one reply every entity command gets, the promise it is delivered through, and the
// deadline a command must start by. Replies carry values (an outcome, an error, Twilio's
// words), never sentences: http/ words them (http/command_error_text).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/typed_response_promise.hpp>
#include <spdlog/spdlog.h>

#include "actors/command_error.hpp"

namespace crm::actors {

struct command_reply {
  outcome result = outcome::ok;
  command_error error = command_error::none;  ///< why not, on failure
  std::string detail;                         ///< Twilio's own words, for the twilio_* errors
  std::optional<int> twilio_code;             ///< Twilio's error code, for twilio_refused
  std::string field;                          ///< the input field at fault, when there is one
  std::int64_t position = 0;                  ///< log position of the last event written (read-your-writes)
  std::string id;                             ///< the id the command created or touched
  std::string body;                           ///< a JSON payload for the caller, when the command has one
  std::vector<std::string> replies;           ///< an inbound text's answers, for the webhook's TwiML
};

/// The promise of a command's reply: it can deliver a command_reply and nothing else.
using reply_promise = caf::typed_response_promise<command_reply>;

/// Delivers through a copy of `promise`: CAF 0.17's deliver() is non-const, and the promises
/// live in by-value lambda captures.
inline void reply_to(reply_promise promise, command_reply reply) { promise.deliver(std::move(reply)); }

/// A reply saying why a command did not happen.
inline command_reply failure(command_error error, std::string field = {}, std::string detail = {},
                             std::optional<int> twilio_code = {}) {
  command_reply r;
  r.result = outcome_of(error);
  r.error = error;
  r.field = std::move(field);
  r.detail = std::move(detail);
  r.twilio_code = twilio_code;
  return r;
}

/// The answer when the log could not be read or written. `detail` (PostgreSQL's or CAF's own
/// words) goes to the server log, not to the client: it names internals and helps no one act.
inline command_reply database_unavailable(const std::string& detail) {
  spdlog::warn("database unavailable: {}", detail);
  return failure(command_error::database_unavailable);
}

/// The latest time an entity actor may start a command; the default (the clock's epoch) is no limit.
/// An actor takes one command at a time, so commands queue behind one whose append waits for a
/// hung database: without a limit each would wait its own 30 s for the appender in turn.
using start_deadline = std::chrono::steady_clock::time_point;

/// Whether a command with this deadline must be answered without being started.
inline bool past(start_deadline start_by) {
  return start_by != start_deadline{} && std::chrono::steady_clock::now() > start_by;
}

/// The answer to a command that waited past its deadline: nothing was decided or written.
inline command_reply not_started_in_time() { return failure(command_error::not_started_in_time); }

}  // namespace crm::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(crm::actors::command_reply)
