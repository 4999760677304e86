#include "domain/thread_state.hpp"

#include "domain/iso_time.hpp"

namespace crm::domain {
namespace {

instant instant_of(const std::string& at) { return parse_iso8601(at).value_or(instant{}); }

std::string text_of(const std::optional<std::string>& value) { return value.value_or(""); }

// Keyword evidence (the text), else who ticked or unticked the box, else the import's records.
consent_event consent_of(const events::consent_granted& e) {
  if (e.source == "keyword")
    return consent_granted{instant_of(e.at), keyword_evidence{text_of(e.message_sid), text_of(e.text)}};
  return consent_granted{instant_of(e.at), checkbox_evidence{text_of(e.agent_id), text_of(e.ip), text_of(e.user_agent),
                                                             text_of(e.wording_version), text_of(e.wording)}};
}

consent_event consent_of(const events::consent_revoked& e) {
  if (e.source == "keyword")
    return consent_revoked{instant_of(e.at), keyword_evidence{text_of(e.message_sid), text_of(e.text)}};
  return consent_revoked{instant_of(e.at), agent_action_evidence{text_of(e.agent_id), text_of(e.note)}};
}

consent_event consent_of(const events::opt_in_requested& e) {
  return opt_in_requested{instant_of(e.at), text_of(e.message_sid), e.sent_by, e.message_id};
}

}  // namespace

std::optional<consent_event> consent_event_from(const thread_event& event) {
  return std::visit(
      overloaded{[](const events::consent_granted& e) -> std::optional<consent_event> { return consent_of(e); },
                 [](const events::consent_revoked& e) -> std::optional<consent_event> { return consent_of(e); },
                 [](const events::opt_in_requested& e) -> std::optional<consent_event> { return consent_of(e); },
                 [](const auto&) -> std::optional<consent_event> { return std::nullopt; }},
      event);
}

void evolve(thread_state& state, const thread_event& event) {
  std::visit(overloaded{
                 [&](const events::consent_granted& e) { evolve(state.consent, consent_of(e)); },
                 [&](const events::consent_revoked& e) { evolve(state.consent, consent_of(e)); },
                 [&](const events::opt_in_requested& e) { evolve(state.consent, consent_of(e)); },
                 [&](const events::contact_linked& e) { state.linked_contact_id = e.contact_id; },
                 [&](const events::contact_unlinked& e) {
                   if (state.linked_contact_id == e.contact_id) state.linked_contact_id.clear();
                 },
                 [&](const events::outbound_message_requested& e) {
                   outbound_message m;
                   m.message_id = e.message_id;
                   m.to = e.to;
                   m.from = e.from;
                   m.body = e.body;
                   m.media_urls = e.media_urls;
                   m.requested_at = e.requested_at;
                   m.delivery.status = "queued";
                   state.outbound[m.message_id] = std::move(m);
                 },
                 [&](const events::message_accepted_by_twilio& e) {
                   auto& m = state.outbound[e.message_id];
                   m.sid = e.sid;
                   m.resolved = true;
                   m.delivery = merge_status(m.delivery, {e.status, std::nullopt, ""});
                   state.outbound_by_sid[m.sid] = e.message_id;
                   state.known_sids.insert(m.sid);
                 },
                 [&](const events::message_send_failed& e) {
                   auto& m = state.outbound[e.message_id];
                   m.resolved = true;
                   m.delivery = merge_status(m.delivery, {"failed", e.error_code, e.error_message});
                   note_failed_send(state.consent, e.message_id);
                 },
                 [&](const events::message_status_changed& e) {
                   auto it = state.outbound.find(e.message_id);
                   if (it != state.outbound.end())
                     it->second.delivery = merge_status(it->second.delivery, {e.status, e.error_code, e.error_message});
                 },
                 [&](const events::inbound_message_received& e) { state.known_sids.insert(e.sid); },
                 [&](const events::message_imported& e) { state.known_sids.insert(e.sid); },
                 [&](const events::possible_opt_out_flagged& e) {
                   state.possible_opt_out = possible_opt_out_flag{e.message_sid, e.text, e.phrase, instant_of(e.at)};
                 },
                 [&](const events::possible_opt_out_resolved& e) {
                   // A resolution names the flag it resolved, so it can never clear a newer flag it did not see.
                   if (state.possible_opt_out &&
                       (e.message_sid.empty() || e.message_sid == state.possible_opt_out->message_sid))
                     state.possible_opt_out.reset();
                 },
                 [](const events::outbound_message_blocked&) {},
                 [](const events::twiml_reply_sent&) {},
                 [](const events::thread_read&) {},
             },
             event);
}

}  // namespace crm::domain
