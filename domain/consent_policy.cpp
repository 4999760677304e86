#include "domain/consent_policy.hpp"

#include <array>
#include <utility>

namespace crm::domain {
namespace {

constexpr std::array<std::pair<send_purpose, const char*>, 5> purpose_names = {{
    {send_purpose::conversational, "conversational"},
    {send_purpose::marketing, "marketing"},
    {send_purpose::bulk, "bulk"},
    {send_purpose::opt_in_request, "opt_in_request"},
    {send_purpose::keyword_confirmation, "keyword_confirmation"},
}};

send_decision refuse(refusal_reason reason) { return send_decision{reason}; }

bool requested_recently(const consent_ledger& ledger, instant now) {
  if (!ledger.last_opt_in_request_at) return false;
  // A request stamped after now (clock skew between nodes) counts as recent, not as ancient.
  return now - *ledger.last_opt_in_request_at < opt_in_request_interval;
}

}  // namespace

const char* send_purpose_name(send_purpose purpose) {
  for (const auto& [value, name] : purpose_names) {
    if (value == purpose) return name;
  }
  return "conversational";
}

std::optional<send_purpose> parse_send_purpose(std::string_view text) {
  for (const auto& [value, name] : purpose_names) {
    if (text == name) return value;
  }
  return std::nullopt;
}

const char* reason_code(refusal_reason reason) {
  switch (reason) {
    case refusal_reason::no_consent: return "no_consent";
    case refusal_reason::opted_out: return "opted_out";
    case refusal_reason::quiet_hours: return "quiet_hours";
    case refusal_reason::opt_in_already_requested: return "opt_in_already_requested";
    case refusal_reason::possible_opt_out: return "possible_opt_out";
  }
  return "no_consent";
}

send_decision decide_send(const consent_ledger& ledger, send_purpose purpose, std::chrono::system_clock::time_point now,
                          const recipient_location& location) {
  switch (purpose) {
    case send_purpose::keyword_confirmation:
      // Carriers require the STOP confirmation and HELP answer whatever the consent state,
      // and they answer a text the person just sent, so quiet hours do not apply either.
      return {};
    case send_purpose::opt_in_request:
      if (ledger.status == consent_status::opted_out) return refuse(refusal_reason::opted_out);
      if (requested_recently(ledger, now)) {
        return refuse(refusal_reason::opt_in_already_requested);
      }
      // An unsolicited request is a solicitation: it keeps the marketing window.
      break;
    case send_purpose::conversational:
    case send_purpose::marketing:
    case send_purpose::bulk:
      if (ledger.status == consent_status::opted_out) return refuse(refusal_reason::opted_out);
      if (ledger.status != consent_status::opted_in) return refuse(refusal_reason::no_consent);
      if (purpose == send_purpose::conversational) return {};
      break;
  }
  if (!within_sending_window(now, recipient_zones(location))) {
    return refuse(refusal_reason::quiet_hours);
  }
  return {};
}

std::optional<consent_event> consent_event_for_keyword(keyword_kind kind, std::string message_sid, std::string text,
                                                       instant at) {
  keyword_evidence evidence{std::move(message_sid), std::move(text)};
  if (kind == keyword_kind::opt_out) return consent_event{consent_revoked{at, std::move(evidence)}};
  if (kind == keyword_kind::opt_in) return consent_event{consent_granted{at, std::move(evidence)}};
  return std::nullopt;
}

}  // namespace crm::domain
