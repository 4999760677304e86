#pragma once
// A text from a phone to the CRM: the webhook form Twilio would post (every always-present
// field of twilio-contract.md, media and location fields too) and the inbound message the
// simulator keeps in its list so history sync can find it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/twilio_sim/message_store.hpp"
#include "twilio/form_body.hpp"
#include "twilio/rfc2822_time.hpp"

namespace crm::twilio_sim {

/// The body of POST /sim/inbound.
struct inbound_request {
  /// The phone texting in, E.164.
  std::string from;
  /// The CRM's number; empty means the simulator's phone number.
  std::string to;
  /// The text.
  std::string body;
  /// MMS media, as MediaUrl0..n.
  std::vector<std::string> media_urls;
};

/// The webhook form and the stored message of one inbound text.
struct inbound_text {
  /// What is posted (and signed) to the CRM.
  twilio::form_params form;
  /// What the REST API lists.
  sim_message message;
};

/// Parses {from, to?, body, mediaUrls?}; nullopt with `error` set when malformed.
std::optional<inbound_request> parse_inbound_request(std::string_view json, std::string& error);

/// Builds the webhook and message with sid SM/MM + `sid_hex`, received at `now`.
inbound_text build_inbound(const inbound_request& request, const std::string& account_sid,
                           const std::string& default_to, const std::string& sid_hex, twilio::time_point now);

}  // namespace crm::twilio_sim
