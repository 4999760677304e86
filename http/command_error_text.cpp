#include "http/command_error_text.hpp"

namespace crm::http {

using actors::command_error;

const char* code_of(command_error error) {
  switch (error) {
    case command_error::none: return "";
    case command_error::not_found: return "not_found";
    case command_error::duplicate_phone: return "duplicate_phone";
    case command_error::stale_contact: return "stale_contact";
    case command_error::number_changed:
    case command_error::contact_changed: return "concurrent_change";
    case command_error::opted_out:
    case command_error::opted_out_while_queued: return "opted_out";
    case command_error::no_consent: return "no_consent";
    case command_error::quiet_hours: return "quiet_hours";
    case command_error::opt_in_already_requested: return "opt_in_already_requested";
    case command_error::possible_opt_out: return "possible_opt_out";
    case command_error::no_possible_opt_out: return "no_possible_opt_out";
    case command_error::reason_required: return "reason_required";
    case command_error::queued:
    case command_error::twilio_slow: return "queued";
    case command_error::twilio_refused: return "twilio_error";
    case command_error::twilio_unavailable:
    case command_error::twilio_timeout: return "twilio_unavailable";
    case command_error::twilio_lookup_failed:
    case command_error::twilio_list_failed: return "twilio_error";
    case command_error::twilio_not_configured: return "twilio_not_configured";
    case command_error::database_unavailable: return "database_unavailable";
    case command_error::unreadable_log: return "unreadable_log";
    case command_error::not_started_in_time:
    case command_error::unavailable: return "unavailable";
  }
  return "unavailable";
}

std::string sentence_of(const actors::command_reply& reply) {
  const auto& detail = reply.detail;
  const auto& twilio_code = reply.twilio_code;
  switch (reply.error) {
    case command_error::none: return "";
    case command_error::not_found: return "Contact not found";
    case command_error::duplicate_phone: return "Contact with this phone number already exists";
    case command_error::stale_contact: return "The contact changed meanwhile";
    case command_error::number_changed: return "The number changed meanwhile; try again";
    case command_error::contact_changed: return "The contact changed meanwhile; try again";
    case command_error::opted_out: return "This number replied STOP and has opted out of texts";
    case command_error::no_consent: return "No consent on record for this number: send an opt-in request first";
    case command_error::quiet_hours: return "It is outside 8:00-21:00 for the recipient; try again later";
    case command_error::opt_in_already_requested:
      return "An opt-in request was already sent to this number in the last 30 days";
    case command_error::possible_opt_out:
      return "Their last text reads like a request to stop texting: confirm that you mean to text them, or record "
             "what they asked for first";
    case command_error::opted_out_while_queued:
      return "This number replied STOP while the text waited for Twilio; it was not sent";
    case command_error::no_possible_opt_out: return "This conversation has no possible opt-out to resolve";
    case command_error::reason_required: return "Say why texting may go on (a reason is required to keep texting)";
    case command_error::queued: return "Queued; Twilio has not answered yet";
    case command_error::twilio_slow: return "Twilio is slow to answer; the message is queued and will be sent";
    case command_error::twilio_refused:
      return "Twilio refused the message: " + detail +
             (twilio_code ? " (code " + std::to_string(*twilio_code) + ")" : "");
    case command_error::twilio_unavailable: return "Twilio could not be reached: " + detail;
    case command_error::twilio_lookup_failed: return "Twilio could not return the message: " + detail;
    case command_error::twilio_list_failed: return "Twilio's message list could not be read";
    case command_error::twilio_timeout: return "Twilio did not answer in time";
    case command_error::twilio_not_configured: return "Twilio not configured. Missing environment variables.";
    case command_error::database_unavailable: return "The database could not be reached; try again shortly";
    case command_error::unreadable_log:
      return "This record's history in the log cannot be read; the server log names the event";
    case command_error::not_started_in_time:
      return "The server could not start the request in time (the database is slow to answer); try again";
    case command_error::unavailable: return "The server could not complete the request; try again";
  }
  return "";
}

}  // namespace crm::http
