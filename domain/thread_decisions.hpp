#pragma once
// A thread's decisions: inbound texts (with keywords and consent), sends (with the consent
// policy), Twilio's answers and status callbacks. Pure: times and ids come in as arguments.

#include <optional>
#include <string>
#include <vector>

#include "domain/consent_policy.hpp"
#include "domain/consent_texts.hpp"
#include "domain/domain_event.hpp"
#include "domain/keywords.hpp"
#include "domain/thread_events.hpp"
#include "domain/thread_state.hpp"

namespace crm::domain {

/// An inbound text as Twilio's webhook describes it.
struct inbound_text {
  std::string sid;
  std::string from;  ///< E.164
  std::string to;
  std::string body;
  std::vector<std::string> media_urls;
  std::vector<std::string> media_types;
  int num_segments = 1;
  std::string from_city, from_state, from_zip, from_country;
  std::string messaging_service_sid;
  /// `to` is neither our number nor our Messaging Service's: stored, shown as foreignTo.
  bool foreign_to = false;
};

/// The events of an inbound text and what to answer in TwiML.
struct inbound_decision {
  thread_events events;
  std::vector<std::string> replies;
  keyword_kind keyword = keyword_kind::none;
};

/// An inbound text: the message, any consent change it makes, and the auto-reply. A text that is
/// no keyword but reads as a request to stop texting (possible_opt_out_phrase) adds
/// PossibleOptOutFlagged {messageSid, text, phrase, at}, unless the number is already opted out.
inbound_decision decide_inbound(const thread_state& state, const inbound_text& text, const keyword_replies& replies,
                                instant now);

/// An inbound text found in Twilio's message list that the thread never received (a history sync).
struct imported_inbound {
  std::string sid;
  std::string body;
  std::optional<instant> at;  ///< Twilio's time of it; without one it cannot be ordered
};

/// The consent changes of imported keyword texts. A STOP whose webhook failed (Twilio does not
/// retry inbound webhooks) still blocks the number at Twilio, so the ledger must learn it from
/// the list. Only keywords newer than the newest keyword the ledger holds count, in Twilio's
/// order: the handset's latest word decides its carrier state.
thread_events consent_from_imported(const thread_state& state, std::vector<imported_inbound> texts);

/// A message in Twilio's list, as a history sync found it.
struct listed_message {
  std::string sid;
  bool inbound = false;
  std::string from, to, body, status;
  int num_segments = 0;
  std::optional<std::string> price;
  std::string price_unit;
  std::optional<instant> created_at, sent_at;
};

/// A history sync's events: each listed message the thread does not hold yet, oldest first
/// (Twilio lists newest first), then the consent changes their keywords make
/// (consent_from_imported). Messages the thread holds already are counted as skipped.
struct history_import {
  thread_events events;
  int imported = 0;
  int skipped = 0;
};
history_import decide_history_import(const thread_state& state, const std::vector<listed_message>& listed);

/// An agent (`user_id`) read the thread at `now`.
events::thread_read decide_mark_read(const thread_state& state, const std::string& user_id, instant now);

/// A text the product wants to send.
struct outbound_request {
  std::string message_id;
  std::string to;
  std::string from;  ///< the sending number, or empty with a messaging service
  std::string body;
  std::vector<std::string> media_urls;
  send_purpose purpose = send_purpose::conversational;
  std::string contact_id;
  std::string sent_by;
  /// The agent confirmed, in the UI, a person-to-person text to a thread flagged possible_opt_out.
  bool confirmed_possible_opt_out = false;
};

/// Requested (allowed) or blocked (refused, with the reason), as events.
struct outbound_decision {
  std::optional<refusal_reason> refusal;
  thread_events events;
};

/// Checks the consent policy and the thread's possible opt-out, and records the request or the
/// refusal. While a possible opt-out stands, marketing, bulk and opt-in requests are refused
/// (possible_opt_out), a conversational text only goes with confirmed_possible_opt_out (and its
/// OutboundMessageRequested says so), keyword confirmations always go. opted_out and no_consent
/// are given before possible_opt_out, which is given before quiet_hours.
outbound_decision decide_outbound(const thread_state& state, const outbound_request& request, instant now,
                                  const recipient_location& location);

/// Twilio accepted message_id as sid.
events::message_accepted_by_twilio twilio_accepted(const std::string& message_id, const std::string& sid,
                                                   const std::string& status, int num_segments,
                                                   const std::optional<std::string>& price,
                                                   const std::string& price_unit, const std::string& twilio_created_at,
                                                   instant now);

/// Twilio refused message_id permanently (or retries ran out).
events::message_send_failed send_failed(const std::string& message_id, std::optional<int> error_code,
                                        const std::string& error_message, instant now);

/// A status callback or fetch for `sid`: an event only when the merged state changes.
std::optional<events::message_status_changed> decide_status(const thread_state& state, const std::string& sid,
                                                            const status_update& update, instant now);

}  // namespace crm::domain
