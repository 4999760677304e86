#pragma once
// The commands actors accept and the one reply type they give. http/ builds the commands and
// maps `outcome` to a status in one table (http/outcome_status).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "actors/command_error.hpp"
#include "domain/contact.hpp"
#include "domain/contact_fields.hpp"
#include "domain/domain_event.hpp"
#include "domain/message_status.hpp"
#include "domain/possible_opt_out_resolution.hpp"
#include "domain/thread_decisions.hpp"
#include "twilio/twilio_message.hpp"

namespace crm::actors {

/// The reply to every command.
struct command_reply {
  outcome result = outcome::ok;
  command_error error = command_error::none;  ///< why not, on failure
  std::string code;        ///< stable token on failure (api.md)
  std::string message;     ///< a sentence a person can act on
  std::string field;       ///< the input field at fault, when there is one
  std::int64_t position = 0;  ///< log position of the last event written (read-your-writes)
  std::string id;          ///< the id the command created or touched
  std::string body;        ///< a JSON payload for the caller, when the command has one
  std::vector<std::string> replies;  ///< an inbound text's answers, for the webhook's TwiML
};

/// A reply saying why a command did not happen, in command_error's table's words.
inline command_reply failure(command_error error, std::string field = {}, const std::string& detail = {},
                             std::optional<int> twilio_code = {}) {
  command_reply r;
  r.result = outcome_of(error);
  r.error = error;
  r.code = code_of(error);
  r.message = sentence_of(error, detail, twilio_code);
  r.field = std::move(field);
  return r;
}

/// The answer when the log could not be read or written. `detail` (PostgreSQL's or CAF's own
/// words) goes to the log, not to the client: it names internals and helps no one act.
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

/// Contact commands for a contact's own actor (create goes to the number's thread instead).
struct contact_command {
  enum class kind { update, remove };
  kind what = kind::update;
  std::string contact_id;
  domain::contact_fields fields;
  domain::actor_context ctx;
  start_deadline start_by{};  ///< set by the HTTP bridge
};

/// Commands a number's thread actor decides.
struct thread_command {
  enum class kind {
    create_contact,        ///< a new contact on this number
    apply_contact_change,  ///< a contact's update/delete that touches this number's thread
    send,                  ///< an outbound text: consent check, record, hand to the gateway
    inbound,               ///< a text Twilio delivered (webhook)
    status,                ///< a status callback or a fetched status for `sid`
    mark_read,             ///< the agent read the thread
    import_history,        ///< messages from Twilio's list (history sync)
    recover_sends,         ///< after a restart: resolve sends whose outcome was never recorded
    resolve_possible_opt_out,  ///< an agent's answer to a text that read as a request to stop
  };
  kind what = kind::create_contact;
  std::string phone;  ///< E.164; the thread's identity
  std::string contact_id;
  domain::contact_fields fields;
  domain::contact_decision contact_change;    ///< apply_contact_change
  std::int64_t contact_expected_version = 0;  ///< apply_contact_change
  domain::actor_context ctx;
  domain::outbound_request outbound;          ///< send
  std::string address_state;                  ///< send: the contact's state, for quiet hours
  domain::inbound_text inbound;               ///< inbound
  std::string sid;                            ///< status
  domain::status_update status_update;        ///< status
  std::vector<twilio::twilio_message> history;  ///< import_history
  domain::possible_opt_out_resolution resolution = domain::possible_opt_out_resolution::keep;  ///< resolve_possible_opt_out
  std::string reason;                                     ///< resolve_possible_opt_out
  start_deadline start_by{};                    ///< set by the HTTP bridge
};

}  // namespace crm::actors
