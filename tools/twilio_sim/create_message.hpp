#pragma once
// The rules of Create Message as Twilio applies them before queueing: required fields, the
// body limit, a usable StatusCallback, and the test magic numbers of twilio-contract.md.
// Pure: the sid and the time come in as arguments.

#include <optional>
#include <string>
#include <variant>

#include "tools/twilio_sim/message_store.hpp"
#include "twilio/form_body.hpp"
#include "twilio/rfc2822_time.hpp"

namespace crm::twilio_sim {

/// A refusal in Twilio's terms.
struct create_refusal {
  /// HTTP status (400).
  int http_status = 400;
  /// Twilio's code (21211, ...).
  int code = 0;
  /// Twilio's message.
  std::string message;
};

/// The error a magic test number triggers, if any (From checked before To).
std::optional<create_refusal> magic_number_refusal(const std::string& from, const std::string& to);

/// Validates a Create form and builds the queued message with `sid_hex` (32 hex) at `now`.
std::variant<sim_message, create_refusal> create_message(const twilio::form_params& form,
                                                         const std::string& account_sid, const std::string& sid_hex,
                                                         twilio::time_point now);

/// Twilio's segment count for a body: GSM-7 160/153, otherwise UCS-2 70/67 UTF-16 units.
/// An approximation good enough for the simulator's price and num_segments.
int count_segments(const std::string& body);

}  // namespace crm::twilio_sim
