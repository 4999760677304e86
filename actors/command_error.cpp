#include "actors/command_error.hpp"

namespace crm::actors {

command_error error_of(domain::refusal_reason reason) {
  switch (reason) {
    case domain::refusal_reason::no_consent: return command_error::no_consent;
    case domain::refusal_reason::opted_out: return command_error::opted_out;
    case domain::refusal_reason::quiet_hours: return command_error::quiet_hours;
    case domain::refusal_reason::opt_in_already_requested: return command_error::opt_in_already_requested;
    case domain::refusal_reason::possible_opt_out: return command_error::possible_opt_out;
  }
  return command_error::no_consent;
}

outcome outcome_of(command_error error) {
  switch (error) {
    case command_error::none: return outcome::ok;
    case command_error::not_found: return outcome::not_found;
    case command_error::duplicate_phone:
    case command_error::stale_contact:
    case command_error::number_changed:
    case command_error::contact_changed:
    case command_error::no_possible_opt_out: return outcome::conflict;
    case command_error::opted_out:
    case command_error::no_consent:
    case command_error::quiet_hours:
    case command_error::opt_in_already_requested:
    case command_error::possible_opt_out:
    case command_error::opted_out_while_queued: return outcome::forbidden;
    case command_error::reason_required: return outcome::invalid;
    case command_error::queued:
    case command_error::twilio_slow: return outcome::accepted;
    case command_error::twilio_refused:
    case command_error::twilio_lookup_failed:
    case command_error::twilio_list_failed: return outcome::upstream_refused;
    case command_error::twilio_unavailable:
    case command_error::twilio_timeout:
    case command_error::twilio_not_configured:
    case command_error::database_unavailable:
    case command_error::unreadable_log:
    case command_error::not_started_in_time:
    case command_error::unavailable: return outcome::unavailable;
  }
  return outcome::unavailable;
}

}  // namespace crm::actors
