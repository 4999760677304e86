#pragma once
// What the product texts a number about its consent: the opt-in request an agent sends and the
// answers to keywords. The wording lives here alone, so that what a number is told is the same
// wherever crmd or a test builds it; the agent's name (CRM_AGENT_NAME) is its only setting.

#include <string>

#include "domain/keywords.hpp"

namespace crm::domain {

/// The agent's name when CRM_AGENT_NAME is not set.
inline constexpr const char* default_agent_name = "your agent";

/// The text of an opt-in request (send_purpose::opt_in_request) from the agent `agent_name`.
std::string opt_in_request_text(const std::string& agent_name);

/// What the product answers to keywords. Each reply says what the keyword did, as the number's
/// ledger stands after it: no reply promises texts the number will not get (issue 17). START,
/// YES, UNSTOP and HELP get an answer from the product; Twilio confirms its own opt-out words
/// (sets_carrier_opt_out) and the product adds nothing to them.
struct keyword_replies {
  /// The answers for the agent named `default_agent_name`.
  keyword_replies();
  /// The answers for the agent `agent_name`.
  explicit keyword_replies(const std::string& agent_name);

  /// HELP or INFO while texts may go to the number.
  std::string help;
  /// HELP or INFO while the number is opted out: "Reply STOP to unsubscribe" would say otherwise.
  std::string help_opted_out;
  /// START, YES, UNSTOP; OPT IN when no carrier block stands.
  std::string opted_in;
  /// OPT IN while an earlier STOP still blocks the number at Twilio: the grant is recorded, yet
  /// no text can go until the handset sends one of Twilio's own words.
  std::string opt_in_still_blocked;
  /// An opt-out word Twilio does not answer itself (OPT OUT, OPT-OUT): the FCC's one confirmation.
  std::string opted_out;
  keyword_matcher extra;  ///< configured auto-replies (HOURS, ...)
};

}  // namespace crm::domain
