#pragma once
// Why an entity actor did not do a command, as a value the code can branch on (a retry on
// stale_contact, a 409 for duplicate_phone). The API's code and the sentence a person reads are
// http/'s, in one table (http/command_error_text.cpp).

#include "domain/consent_policy.hpp"

namespace crm::actors {

/// How a command ended, independent of HTTP (http/outcome_status maps it to a status).
enum class outcome {
  ok,
  created,
  invalid,  ///< bad input: nothing changed
  not_found,
  conflict,          ///< e.g. the phone number belongs to another contact
  forbidden,         ///< e.g. no consent on record
  unavailable,       ///< the database or a dependency failed; nothing acknowledged
  upstream_refused,  ///< Twilio refused
  accepted,          ///< recorded; finishing in the background
};

enum class command_error {
  none,
  not_found,                 ///< no live contact with this id
  duplicate_phone,           ///< the number belongs to another contact
  stale_contact,             ///< the contact's stream moved; only the contact's actor can decide again
  number_changed,            ///< the thread's stream kept moving: attempts spent
  contact_changed,           ///< the contact's stream kept moving: attempts spent
  opted_out,                 ///< refused: the number opted out
  no_consent,                ///< refused: no grant on record
  quiet_hours,               ///< refused: outside 8:00-21:00 for the recipient
  opt_in_already_requested,  ///< refused: an opt-in request went in the last 30 days
  possible_opt_out,          ///< refused: a text that may revoke consent is not resolved
  opted_out_while_queued,    ///< STOP arrived while the text waited for Twilio
  no_possible_opt_out,       ///< nothing to resolve
  reason_required,           ///< keeping on texting needs a reason
  queued,                    ///< Twilio has not answered yet; the text is queued
  twilio_slow,               ///< Twilio is slow to answer; the send goes on
  twilio_refused,            ///< Twilio refused the text (detail, twilio_error_code)
  twilio_unavailable,        ///< Twilio could not be reached (detail)
  twilio_lookup_failed,      ///< Twilio could not return a text's status (detail)
  twilio_list_failed,        ///< Twilio's message list could not be read (history sync)
  twilio_timeout,            ///< Twilio did not answer a look-up in time
  twilio_not_configured,
  database_unavailable,
  unreadable_log,       ///< the stream holds an event its type cannot read
  not_started_in_time,  ///< the command queued past its start deadline
  unavailable,          ///< the server could not complete the command
};

/// What a refusal of the consent policy is, as a command error.
command_error error_of(domain::refusal_reason reason);

/// The outcome a failure has (a refusal is forbidden, a stale version a conflict, ...).
outcome outcome_of(command_error error);

}  // namespace crm::actors
