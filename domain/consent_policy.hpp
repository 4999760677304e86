#pragma once
// The one decision every outbound text passes: may this number be texted now, for this
// purpose? Pure: the caller passes the number's ledger, the time and where the recipient is.
//
// Rules (issue 3): nothing without a grant on record, except one opt-in request (at most one
// per number per 30 days, never to an opted-out number) and keyword confirmations (the reply
// to STOP must always go out); nothing after an opt-out until an opt-in keyword or a new
// grant; marketing, bulk and opt-in requests only between 8:00 and 21:00 recipient time.

#include "domain/consent_ledger.hpp"
#include "domain/keywords.hpp"
#include "domain/quiet_hours.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace crm::domain {

/// Why a text is being sent.
enum class send_purpose {
  conversational,        ///< a one-to-one message or reply from an agent
  marketing,             ///< a promotional one-to-one message
  bulk,                  ///< one recipient of a bulk send or campaign
  opt_in_request,        ///< the product's "reply OPT IN" request
  keyword_confirmation,  ///< the automatic answer to an inbound STOP/START/HELP
};

/// "conversational", "marketing", "bulk", "opt_in_request", "keyword_confirmation".
const char* send_purpose_name(send_purpose purpose);

/// The purpose named by text (as send_purpose_name spells it); nullopt when unknown.
std::optional<send_purpose> parse_send_purpose(std::string_view text);

/// Why a text may not go out.
enum class refusal_reason {
  no_consent,
  opted_out,
  quiet_hours,
  opt_in_already_requested,
  possible_opt_out,  ///< the thread holds a text that may revoke consent, not yet resolved (decide_outbound)
};

/// The API's code for a refusal: "no_consent", "opted_out", "quiet_hours",
/// "opt_in_already_requested", "possible_opt_out".
const char* reason_code(refusal_reason reason);

/// The shortest time between two opt-in requests to one number.
inline constexpr std::chrono::hours opt_in_request_interval{24 * 30};

/// Allowed, or refused with a reason.
struct send_decision {
  std::optional<refusal_reason> refusal;
  /// Whether the text may go out.
  bool allowed() const { return !refusal.has_value(); }
  /// The refusal's code, "" when allowed.
  const char* reason() const { return refusal ? reason_code(*refusal) : ""; }
};

/// Whether a text for purpose may go to the number whose ledger this is, at now.
send_decision decide_send(const consent_ledger& ledger, send_purpose purpose, std::chrono::system_clock::time_point now,
                          const recipient_location& location);

/// The event an inbound keyword records: opt-out -> revoked, opt-in -> granted; else nullopt.
std::optional<consent_event> consent_event_for_keyword(keyword_kind kind, std::string message_sid, std::string text,
                                                       instant at);

}  // namespace crm::domain
