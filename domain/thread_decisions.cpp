#include "domain/thread_decisions.hpp"

#include <algorithm>
#include <variant>

#include "domain/iso_time.hpp"
#include "domain/opt_out_phrases.hpp"

namespace crm::domain {
namespace {

std::optional<std::string> non_empty(const std::string& text) {
  return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

// A consent change a keyword text made: the text is the evidence.
template <class ConsentEvent>
ConsentEvent keyword_consent(const std::string& phone, const std::string& keyword, const std::string& sid,
                             const std::string& body, const std::string& at) {
  ConsentEvent e;
  e.phone = phone;
  e.source = "keyword";
  e.keyword = keyword;
  e.message_sid = sid;
  e.text = body;
  e.at = at;
  return e;
}

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
    case keyword_kind::help: return opted_out ? replies.help_opted_out : configured_or(replies.help);
    case keyword_kind::custom:
      if (!match.reply.empty()) return match.reply;
      return std::nullopt;
    case keyword_kind::none: break;
  }
  return std::nullopt;
}

// The consent policy, then the thread's possible opt-out. An opt-out or a missing grant is the
// stronger reason and is given first; the flag then outranks quiet hours and the 30-day rule,
// which only say "later", where the flag needs an agent.
std::optional<refusal_reason> send_refusal(const thread_state& state, const outbound_request& request, instant now,
                                           const recipient_location& location) {
  auto verdict = decide_send(state.consent, request.purpose, now, location);
  if (verdict.refusal == refusal_reason::opted_out || verdict.refusal == refusal_reason::no_consent)
    return verdict.refusal;
  if (state.possible_opt_out) {
    switch (request.purpose) {
      case send_purpose::keyword_confirmation: break;  // the answer to a keyword the person just sent
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
  events::inbound_message_received message;
  message.message_id = message.sid = text.sid;
  message.from = text.from;
  message.to = text.to;
  message.body = text.body;
  message.media_urls = text.media_urls;
  message.media_types = text.media_types;
  message.num_segments = text.num_segments;
  message.num_media = static_cast<int>(text.media_urls.size());
  message.from_city = non_empty(text.from_city);
  message.from_state = non_empty(text.from_state);
  message.from_zip = non_empty(text.from_zip);
  message.from_country = non_empty(text.from_country);
  message.messaging_service_sid = non_empty(text.messaging_service_sid);
  message.contact_id = non_empty(state.linked_contact_id);
  message.received_at = at;
  if (text.foreign_to) message.foreign_to = true;
  decision.events.push_back(std::move(message));

  auto match = replies.extra.match(text.body);
  decision.keyword = match.kind;
  consent_ledger after = state.consent;
  if (auto consent = consent_event_for_keyword(match.kind, text.sid, text.body, now)) {
    if (match.kind == keyword_kind::opt_out)
      decision.events.push_back(
          keyword_consent<events::consent_revoked>(state.phone, match.keyword, text.sid, text.body, at));
    else
      decision.events.push_back(
          keyword_consent<events::consent_granted>(state.phone, match.keyword, text.sid, text.body, at));
    evolve(after, *consent);
  }
  if (auto reply = keyword_reply(match, text.body, after, replies)) decision.replies.push_back(std::move(*reply));
  // A text that is no keyword but reads as "stop texting me" may revoke consent (FCC 24-24):
  // flagged for an agent, with no answer, since the product cannot tell what was meant. A number
  // already opted out has nothing left to revoke.
  if (match.kind == keyword_kind::none && state.consent.status != consent_status::opted_out) {
    if (auto phrase = possible_opt_out_phrase(text.body))
      decision.events.push_back(events::possible_opt_out_flagged{text.sid, text.body, *phrase, at});
  }
  // What Twilio sends for us from the TwiML is as much a text of ours as one sent through the
  // API: the thread's history shows it (status accepted: Twilio took it with our answer).
  for (std::size_t i = 0; i < decision.replies.size(); ++i)
    decision.events.push_back(events::twiml_reply_sent{"reply:" + text.sid + ":" + std::to_string(i), text.sid,
                                                       text.from, text.to, decision.replies[i], "twiml", at});
  return decision;
}

thread_events consent_from_imported(const thread_state& state, std::vector<imported_inbound> texts) {
  std::optional<instant> newest_known;
  for (auto& change : state.consent.history) {
    auto* granted = std::get_if<consent_granted>(&change);
    auto* revoked = std::get_if<consent_revoked>(&change);
    bool by_keyword = (granted && std::holds_alternative<keyword_evidence>(granted->evidence)) ||
                      (revoked && std::holds_alternative<keyword_evidence>(revoked->evidence));
    if (by_keyword && (!newest_known || time_of(change) > *newest_known)) newest_known = time_of(change);
  }
  std::stable_sort(texts.begin(), texts.end(), [](auto& a, auto& b) { return a.at < b.at; });
  thread_events out;
  for (auto& text : texts) {
    auto kind = classify_keyword(text.body);
    if ((kind != keyword_kind::opt_out && kind != keyword_kind::opt_in) || !text.at) continue;
    if (newest_known && *text.at <= *newest_known) continue;
    auto keyword = normalize_keyword(text.body);
    auto at = format_iso8601(*text.at);
    if (kind == keyword_kind::opt_out) {
      auto e = keyword_consent<events::consent_revoked>(state.phone, keyword, text.sid, text.body, at);
      e.imported = true;
      out.push_back(std::move(e));
    } else {
      auto e = keyword_consent<events::consent_granted>(state.phone, keyword, text.sid, text.body, at);
      e.imported = true;
      out.push_back(std::move(e));
    }
  }
  return out;
}

history_import decide_history_import(const thread_state& state, const std::vector<listed_message>& listed) {
  history_import result;
  std::vector<imported_inbound> inbound_texts;
  for (auto& m : listed) {
    if (state.known_sids.count(m.sid)) {
      ++result.skipped;
      continue;
    }
    if (m.inbound) inbound_texts.push_back({m.sid, m.body, m.sent_at ? m.sent_at : m.created_at});
    events::message_imported e;
    e.message_id = e.sid = m.sid;
    e.direction = m.inbound ? "inbound" : "outbound";
    e.from = m.from;
    e.to = m.to;
    e.body = m.body;
    e.status = m.status;
    e.num_segments = m.num_segments;
    e.price = non_empty(m.price.value_or(""));
    e.price_unit = non_empty(m.price_unit);
    if (m.created_at) e.twilio_created_at = format_iso8601(*m.created_at);
    if (m.sent_at) e.date_sent = format_iso8601(*m.sent_at);
    e.contact_id = non_empty(state.linked_contact_id);
    result.events.push_back(std::move(e));
  }
  result.imported = static_cast<int>(result.events.size());
  // Imported oldest first, so the log reads in Twilio's order; then what their keywords change.
  std::reverse(result.events.begin(), result.events.end());
  auto consent = consent_from_imported(state, std::move(inbound_texts));
  result.events.insert(result.events.end(), consent.begin(), consent.end());
  return result;
}

events::thread_read decide_mark_read(const thread_state& state, const std::string& user_id, instant now) {
  return {state.phone, user_id, format_iso8601(now)};
}

outbound_decision decide_outbound(const thread_state& state, const outbound_request& request, instant now,
                                  const recipient_location& location) {
  outbound_decision decision;
  auto refusal = send_refusal(state, request, now, location);
  auto at = format_iso8601(now);
  if (refusal) {
    decision.refusal = refusal;
    decision.events.push_back(events::outbound_message_blocked{
        request.message_id, request.to, request.body, send_purpose_name(request.purpose), reason_code(*refusal),
        request.sent_by, non_empty(request.contact_id), at});
    return decision;
  }
  events::outbound_message_requested requested;
  requested.message_id = request.message_id;
  requested.to = request.to;
  requested.from = request.from;
  requested.body = request.body;
  requested.media_urls = request.media_urls;
  requested.purpose = send_purpose_name(request.purpose);
  requested.sent_by = request.sent_by;
  requested.contact_id = non_empty(request.contact_id.empty() ? state.linked_contact_id : request.contact_id);
  requested.requested_at = at;
  // The agent's confirmation is the evidence for a text sent past a standing flag.
  if (state.possible_opt_out && request.purpose == send_purpose::conversational) {
    requested.confirmed_possible_opt_out = true;
    requested.possible_opt_out_sid = state.possible_opt_out->message_sid;
  }
  decision.events.push_back(std::move(requested));
  if (request.purpose == send_purpose::opt_in_request)
    decision.events.push_back(
        events::opt_in_requested{state.phone, request.message_id, request.sent_by, at, std::nullopt});
  return decision;
}

events::message_accepted_by_twilio twilio_accepted(const std::string& message_id, const std::string& sid,
                                                   const std::string& status, int num_segments,
                                                   const std::optional<std::string>& price,
                                                   const std::string& price_unit, const std::string& twilio_created_at,
                                                   instant now) {
  events::message_accepted_by_twilio e;
  e.message_id = message_id;
  e.sid = sid;
  e.status = status.empty() ? "queued" : status;
  e.num_segments = num_segments;
  e.price = non_empty(price.value_or(""));
  e.price_unit = non_empty(price_unit);
  e.twilio_created_at = non_empty(twilio_created_at);
  e.at = format_iso8601(now);
  // Learned from Twilio's list after a lost answer, the text may be delivered already: its
  // callbacks then change nothing, and this is the only time the delivery is known.
  if (status == "delivered") e.delivered_at = e.at;
  return e;
}

events::message_send_failed send_failed(const std::string& message_id, std::optional<int> error_code,
                                        const std::string& error_message, instant now) {
  return {message_id, "failed", error_code, error_message, format_iso8601(now)};
}

std::optional<events::message_status_changed> decide_status(const thread_state& state, const std::string& sid,
                                                            const status_update& update, instant now) {
  auto id = state.outbound_by_sid.find(sid);
  if (id == state.outbound_by_sid.end()) return std::nullopt;
  auto& message = state.outbound.at(id->second);
  auto merged = merge_status(message.delivery, update);
  if (merged == message.delivery) return std::nullopt;
  events::message_status_changed e;
  e.message_id = id->second;
  e.sid = sid;
  e.status = merged.status;
  e.error_code = merged.error_code;
  e.error_message = merged.error_message;
  e.raw_status = non_empty(merged.last_unknown_status);
  e.at = format_iso8601(now);
  if (merged.status == "delivered" && message.delivery.status != "delivered") e.delivered_at = e.at;
  return e;
}

}  // namespace crm::domain
