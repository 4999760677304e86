#include "domain/thread_decisions.hpp"

#include <algorithm>
#include <variant>

#include "domain/iso_time.hpp"
#include "domain/json_object.hpp"
#include "domain/opt_out_phrases.hpp"

namespace crm::domain {
namespace {

// The answer to a keyword, chosen from the ledger as the keyword leaves it, so the reply and the
// consent state cannot disagree. A configured text replaces the default only where it cannot
// be untrue: never for an OPT IN that changed nothing at Twilio, nor for HELP while opted out.
std::optional<std::string> keyword_reply(const keyword_match& match, const std::string& body,
                                         const consent_ledger& after, const keyword_replies& replies) {
  auto configured_or = [&](const std::string& fallback) { return match.reply.empty() ? fallback : match.reply; };
  bool opted_out = after.status == consent_status::opted_out;
  switch (match.kind) {
    case keyword_kind::opt_out:
      // Twilio confirms its own words on long codes; a second confirmation would be one too many.
      if (sets_carrier_opt_out(body)) return std::nullopt;
      return configured_or(replies.opted_out);
    case keyword_kind::opt_in:
      // Only OPT IN can leave the number opted out: a grant Twilio's block outlasts.
      return opted_out ? replies.opt_in_still_blocked : configured_or(replies.opted_in);
    case keyword_kind::help:
      return opted_out ? replies.help_opted_out : configured_or(replies.help);
    case keyword_kind::custom:
      if (!match.reply.empty()) return match.reply;
      return std::nullopt;
    case keyword_kind::none:
      break;
  }
  return std::nullopt;
}

// The consent policy, then the thread's possible opt-out. An opt-out or a missing grant is the
// stronger reason and is given first; the flag then outranks quiet hours and the 30-day rule,
// which only say "later", where the flag needs an agent.
std::optional<refusal_reason> send_refusal(const thread_state& state, const outbound_request& request, instant now,
                                           const recipient_location& location) {
  auto verdict = decide_send(state.consent, request.purpose, now, location);
  if (verdict.refusal == refusal_reason::opted_out || verdict.refusal == refusal_reason::no_consent) return verdict.refusal;
  if (state.possible_opt_out) {
    switch (request.purpose) {
      case send_purpose::keyword_confirmation:
        break;  // the answer to a keyword the person just sent
      case send_purpose::conversational:
        // Person to person, once the agent has seen the text and confirmed in the UI.
        if (!request.confirmed_possible_opt_out) return refusal_reason::possible_opt_out;
        break;
      case send_purpose::marketing:
      case send_purpose::bulk:
      case send_purpose::opt_in_request:
        return refusal_reason::possible_opt_out;  // automated or bulk: never past an open flag
    }
  }
  return verdict.refusal;
}

}  // namespace

inbound_decision decide_inbound(const thread_state& state, const inbound_text& text, const keyword_replies& replies,
                                instant now) {
  inbound_decision decision;
  auto at = format_iso8601(now);
  json_object message;
  message.add("messageId", text.sid).add("sid", text.sid).add("from", text.from).add("to", text.to).add("body", text.body)
      .add("mediaUrls", text.media_urls).add("mediaTypes", text.media_types).add("numSegments", text.num_segments)
      .add("numMedia", static_cast<int>(text.media_urls.size())).add_if("fromCity", text.from_city)
      .add_if("fromState", text.from_state).add_if("fromZip", text.from_zip).add_if("fromCountry", text.from_country)
      .add_if("messagingServiceSid", text.messaging_service_sid).add_if("contactId", state.linked_contact_id)
      .add("receivedAt", at);
  if (text.foreign_to) message.add("foreignTo", true);
  decision.events.push_back({"InboundMessageReceived", message.text()});

  auto match = replies.extra.match(text.body);
  decision.keyword = match.kind;
  consent_ledger after = state.consent;
  if (auto consent = consent_event_for_keyword(match.kind, text.sid, text.body, now)) {
    json_object data;
    data.add("phone", state.phone).add("source", "keyword").add("keyword", match.keyword)
        .add("messageSid", text.sid).add("text", text.body).add("at", at);
    decision.events.push_back({match.kind == keyword_kind::opt_out ? "ConsentRevoked" : "ConsentGranted", data.text()});
    evolve(after, *consent);
  }
  if (auto reply = keyword_reply(match, text.body, after, replies)) decision.replies.push_back(std::move(*reply));
  // A text that is no keyword but reads as "stop texting me" may revoke consent (FCC 24-24):
  // flagged for an agent, with no answer, since the product cannot tell what was meant. A number
  // already opted out has nothing left to revoke.
  if (match.kind == keyword_kind::none && state.consent.status != consent_status::opted_out) {
    if (auto phrase = possible_opt_out_phrase(text.body)) {
      json_object flag;
      flag.add("messageSid", text.sid).add("text", text.body).add("phrase", *phrase).add("at", at);
      decision.events.push_back({"PossibleOptOutFlagged", flag.text()});
    }
  }
  // What Twilio sends for us from the TwiML is as much a text of ours as one sent through the
  // API: the thread's history shows it (status accepted: Twilio took it with our answer).
  for (std::size_t i = 0; i < decision.replies.size(); ++i) {
    json_object reply;
    reply.add("messageId", "reply:" + text.sid + ":" + std::to_string(i)).add("inReplyTo", text.sid)
        .add("to", text.from).add("from", text.to).add("body", decision.replies[i]).add("via", "twiml")
        .add("sentAt", at);
    decision.events.push_back({"TwimlReplySent", reply.text()});
  }
  return decision;
}

domain_events consent_from_imported(const thread_state& state, std::vector<imported_inbound> texts) {
  std::optional<instant> newest_known;
  for (auto& change : state.consent.history) {
    auto* granted = std::get_if<consent_granted>(&change);
    auto* revoked = std::get_if<consent_revoked>(&change);
    bool by_keyword = (granted && std::holds_alternative<keyword_evidence>(granted->evidence)) ||
                      (revoked && std::holds_alternative<keyword_evidence>(revoked->evidence));
    if (by_keyword && (!newest_known || time_of(change) > *newest_known)) newest_known = time_of(change);
  }
  std::stable_sort(texts.begin(), texts.end(), [](auto& a, auto& b) { return a.at < b.at; });
  domain_events events;
  for (auto& text : texts) {
    auto kind = classify_keyword(text.body);
    if ((kind != keyword_kind::opt_out && kind != keyword_kind::opt_in) || !text.at) continue;
    if (newest_known && *text.at <= *newest_known) continue;
    json_object consent;
    consent.add("phone", state.phone).add("source", "keyword").add("keyword", normalize_keyword(text.body))
        .add("messageSid", text.sid).add("text", text.body).add("imported", true).add("at", format_iso8601(*text.at));
    events.push_back({kind == keyword_kind::opt_out ? "ConsentRevoked" : "ConsentGranted", consent.text()});
  }
  return events;
}

outbound_decision decide_outbound(const thread_state& state, const outbound_request& request, instant now,
                                  const recipient_location& location) {
  outbound_decision decision;
  auto refusal = send_refusal(state, request, now, location);
  auto at = format_iso8601(now);
  if (refusal) {
    decision.refusal = refusal;
    json_object blocked;
    blocked.add("messageId", request.message_id).add("to", request.to).add("body", request.body)
        .add("purpose", send_purpose_name(request.purpose)).add("reason", reason_code(*refusal)).add("sentBy", request.sent_by)
        .add_if("contactId", request.contact_id).add("at", at);
    decision.events.push_back({"OutboundMessageBlocked", blocked.text()});
    return decision;
  }
  json_object requested;
  requested.add("messageId", request.message_id).add("to", request.to).add("from", request.from).add("body", request.body)
      .add("mediaUrls", request.media_urls).add("purpose", send_purpose_name(request.purpose))
      .add("sentBy", request.sent_by).add_if("contactId", request.contact_id.empty() ? state.linked_contact_id : request.contact_id)
      .add("requestedAt", at);
  // The agent's confirmation is the evidence for a text sent past a standing flag.
  if (state.possible_opt_out && request.purpose == send_purpose::conversational)
    requested.add("confirmedPossibleOptOut", true).add("possibleOptOutSid", state.possible_opt_out->message_sid);
  decision.events.push_back({"OutboundMessageRequested", requested.text()});
  if (request.purpose == send_purpose::opt_in_request) {
    json_object asked;
    asked.add("phone", state.phone).add("messageId", request.message_id).add("sentBy", request.sent_by).add("at", at);
    decision.events.push_back({"OptInRequested", asked.text()});
  }
  return decision;
}

domain_event twilio_accepted(const std::string& message_id, const std::string& sid, const std::string& status,
                             int num_segments, const std::optional<std::string>& price, const std::string& price_unit,
                             const std::string& twilio_created_at, instant now) {
  json_object e;
  e.add("messageId", message_id).add("sid", sid).add("status", status.empty() ? "queued" : status)
      .add("numSegments", num_segments).add_if("price", price.value_or("")).add_if("priceUnit", price_unit)
      .add_if("twilioCreatedAt", twilio_created_at).add("at", format_iso8601(now));
  // Learned from Twilio's list after a lost answer, the text may be delivered already: its
  // callbacks then change nothing, and this is the only time the delivery is known.
  if (status == "delivered") e.add("deliveredAt", format_iso8601(now));
  return {"MessageAcceptedByTwilio", e.text()};
}

domain_event send_failed(const std::string& message_id, std::optional<int> error_code, const std::string& error_message,
                         instant now) {
  json_object e;
  e.add("messageId", message_id).add("status", "failed").add("errorCode", error_code).add("errorMessage", error_message)
      .add("at", format_iso8601(now));
  return {"MessageSendFailed", e.text()};
}

std::optional<domain_event> decide_status(const thread_state& state, const std::string& sid, const status_update& update,
                                          instant now) {
  auto id = state.outbound_by_sid.find(sid);
  if (id == state.outbound_by_sid.end()) return std::nullopt;
  auto& message = state.outbound.at(id->second);
  auto merged = merge_status(message.delivery, update);
  if (merged == message.delivery) return std::nullopt;
  json_object e;
  auto at = format_iso8601(now);
  e.add("messageId", id->second).add("sid", sid).add("status", merged.status).add("errorCode", merged.error_code)
      .add("errorMessage", merged.error_message).add_if("rawStatus", merged.last_unknown_status).add("at", at);
  if (merged.status == "delivered" && message.delivery.status != "delivered") e.add("deliveredAt", at);
  return domain_event{"MessageStatusChanged", e.text()};
}

}  // namespace crm::domain
