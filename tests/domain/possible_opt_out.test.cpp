// A thread's possible opt-out: flagged by decide_inbound, folded by evolve, enforced by
// decide_outbound, resolved by decide_possible_opt_out_resolution. The events' JSON is checked
// whole, since the actor, the projections and the API read it.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <variant>

#include "domain/iso_time.hpp"
#include "domain/possible_opt_out_resolution.hpp"
#include "domain/thread_decisions.hpp"

namespace crm::domain {
namespace {

instant at(const char* iso) { return parse_iso8601(iso).value(); }

thread_state opted_in_thread() {
  thread_state state;
  state.phone = "+17605550142";
  state.linked_contact_id = "c-1";
  evolve(state.consent, consent_granted{at("2026-07-01T17:00:00Z"), checkbox_evidence{"u1", "", "", "v2", "I agree"}});
  return state;
}

inbound_decision receive(thread_state& state, const std::string& sid, const std::string& body, const char* when,
                         const keyword_replies& replies = keyword_replies()) {
  inbound_text text;
  text.sid = sid;
  text.from = state.phone;
  text.to = "+17605550100";
  text.body = body;
  auto decision = decide_inbound(state, text, replies, at(when));
  for (auto& e : decision.events) evolve(state, e);
  return decision;
}

outbound_decision send(const thread_state& state, send_purpose purpose, bool confirmed = false) {
  outbound_request request;
  request.message_id = "m1";
  request.to = state.phone;
  request.body = "Hi";
  request.purpose = purpose;
  request.sent_by = "u1";
  request.confirmed_possible_opt_out = confirmed;
  return decide_outbound(state, request, at("2026-07-02T19:00:00Z"), recipient_location{"CA", "US", ""});
}

actor_context agent() {
  actor_context who;
  who.user_id = "u7";
  who.user_email = "agent@example.com";
  who.ip = "203.0.113.9";
  who.user_agent = "Mozilla/5.0";
  who.now = "1999-01-01T00:00:00.000Z";  // the decision's own time wins
  return who;
}

TEST(possible_opt_out, a_phrase_is_flagged_with_its_text) {
  auto state = opted_in_thread();
  auto decision = receive(state, "SM1", "Please stop texting me", "2026-07-02T17:00:00Z");
  ASSERT_EQ(decision.events.size(), 2u);
  EXPECT_EQ(encode(decision.events[0]).type, "InboundMessageReceived");
  EXPECT_EQ(encode(decision.events[1]).type, "PossibleOptOutFlagged");
  EXPECT_EQ(
      encode(decision.events[1]).data,
      R"js({"messageSid":"SM1","text":"Please stop texting me","phrase":"stop texting me","at":"2026-07-02T17:00:00.000Z"})js");
  EXPECT_TRUE(decision.replies.empty());
  EXPECT_EQ(decision.keyword, keyword_kind::none);
  ASSERT_TRUE(state.possible_opt_out);
  EXPECT_EQ(state.possible_opt_out->message_sid, "SM1");
  EXPECT_EQ(state.possible_opt_out->text, "Please stop texting me");
  EXPECT_EQ(state.possible_opt_out->phrase, "stop texting me");
  EXPECT_EQ(state.possible_opt_out->at, at("2026-07-02T17:00:00Z"));
  EXPECT_EQ(state.consent.status, consent_status::opted_in);  // a flag is no revocation
}

TEST(possible_opt_out, keywords_ordinary_texts_and_opted_out_numbers_flag_nothing) {
  keyword_replies replies;
  replies.extra = keyword_matcher(std::map<std::string, std::string>{{"REMOVE ME", "Noted."}});
  auto state = opted_in_thread();
  EXPECT_EQ(receive(state, "SM1", "stop by the house at 5", "2026-07-02T17:00:00Z").events.size(), 1u);
  auto configured = receive(state, "SM2", "Remove me!", "2026-07-02T17:01:00Z", replies);
  ASSERT_EQ(configured.events.size(), 2u);  // a configured keyword: its reply, no flag
  EXPECT_EQ(encode(configured.events[1]).type, "TwimlReplySent");
  EXPECT_FALSE(state.possible_opt_out);
  receive(state, "SM3", "STOP", "2026-07-02T17:02:00Z");
  auto after_stop = receive(state, "SM4", "stop texting me!!", "2026-07-02T17:03:00Z");
  ASSERT_EQ(after_stop.events.size(), 1u);
  EXPECT_FALSE(state.possible_opt_out);
}

TEST(possible_opt_out, a_newer_phrase_replaces_the_flag) {
  auto state = opted_in_thread();
  receive(state, "SM1", "no more texts", "2026-07-02T17:00:00Z");
  receive(state, "SM2", "lose my number", "2026-07-02T17:05:00Z");
  ASSERT_TRUE(state.possible_opt_out);
  EXPECT_EQ(state.possible_opt_out->message_sid, "SM2");
  EXPECT_EQ(state.possible_opt_out->phrase, "lose my number");
}

TEST(possible_opt_out, automated_sends_are_refused_and_a_confirmed_conversation_goes) {
  auto state = opted_in_thread();
  receive(state, "SM1", "don't text me", "2026-07-02T17:00:00Z");
  for (auto purpose :
       {send_purpose::bulk, send_purpose::marketing, send_purpose::opt_in_request, send_purpose::conversational}) {
    auto refused = send(state, purpose);
    ASSERT_EQ(refused.refusal, refusal_reason::possible_opt_out) << send_purpose_name(purpose);
    ASSERT_EQ(refused.events.size(), 1u);
    EXPECT_EQ(encode(refused.events[0]).type, "OutboundMessageBlocked");
    EXPECT_NE(encode(refused.events[0]).data.find(R"js("reason":"possible_opt_out")js"), std::string::npos)
        << encode(refused.events[0]).data;
  }
  // Confirming only lets a person-to-person text through.
  EXPECT_EQ(send(state, send_purpose::bulk, true).refusal, refusal_reason::possible_opt_out);
  EXPECT_EQ(send(state, send_purpose::opt_in_request, true).refusal, refusal_reason::possible_opt_out);
  auto confirmed = send(state, send_purpose::conversational, true);
  EXPECT_FALSE(confirmed.refusal);
  ASSERT_EQ(confirmed.events.size(), 1u);
  EXPECT_EQ(encode(confirmed.events[0]).type, "OutboundMessageRequested");
  EXPECT_NE(encode(confirmed.events[0]).data.find(R"js("confirmedPossibleOptOut":true,"possibleOptOutSid":"SM1")js"),
            std::string::npos)
      << encode(confirmed.events[0]).data;
  EXPECT_FALSE(send(state, send_purpose::keyword_confirmation).refusal);
  EXPECT_STREQ(reason_code(refusal_reason::possible_opt_out), "possible_opt_out");
}

TEST(possible_opt_out, without_a_flag_nothing_changes_in_the_send) {
  auto state = opted_in_thread();
  auto sent = send(state, send_purpose::conversational, true);
  EXPECT_FALSE(sent.refusal);
  EXPECT_EQ(encode(sent.events[0]).data.find("PossibleOptOut"), std::string::npos);
}

TEST(possible_opt_out, the_stronger_reasons_come_first) {
  thread_state state;  // no consent at all
  state.phone = "+17605550142";
  receive(state, "SM1", "wrong number, stop", "2026-07-02T17:00:00Z");
  ASSERT_TRUE(state.possible_opt_out);
  EXPECT_EQ(send(state, send_purpose::conversational, true).refusal, refusal_reason::no_consent);
  EXPECT_EQ(send(state, send_purpose::bulk).refusal, refusal_reason::no_consent);
  // An opt-in request needs no grant: the flag is what refuses it.
  EXPECT_EQ(send(state, send_purpose::opt_in_request).refusal, refusal_reason::possible_opt_out);
}

TEST(possible_opt_out, revoke_records_an_agents_revocation_then_the_resolution) {
  auto state = opted_in_thread();
  receive(state, "SM1", "remove me from your list", "2026-07-02T17:00:00Z");
  auto decision = decide_possible_opt_out_resolution(state, possible_opt_out_resolution::revoke, "", agent(),
                                                     at("2026-07-02T18:00:00Z"));
  ASSERT_TRUE(decision.ok());
  ASSERT_EQ(decision.events.size(), 2u);
  EXPECT_EQ(encode(decision.events[0]).type, "ConsentRevoked");
  EXPECT_EQ(
      encode(decision.events[0]).data,
      R"js({"phone":"+17605550142","source":"agent","contactId":"c-1","agentId":"u7","agentEmail":"agent@example.com",)js"
      R"js("ip":"203.0.113.9","userAgent":"Mozilla/5.0","note":"Texted \"remove me from your list\" (SM1)",)js"
      R"js("at":"2026-07-02T18:00:00.000Z"})js");
  EXPECT_EQ(encode(decision.events[1]).type, "PossibleOptOutResolved");
  EXPECT_EQ(encode(decision.events[1]).data,
            R"js({"messageSid":"SM1","resolution":"revoke","reason":"","by":"u7","byEmail":"agent@example.com",)js"
            R"js("at":"2026-07-02T18:00:00.000Z"})js");
  auto revoked = consent_event_from(decision.events[0]);
  ASSERT_TRUE(revoked);
  auto* evidence = std::get_if<agent_action_evidence>(&std::get<consent_revoked>(*revoked).evidence);
  ASSERT_TRUE(evidence);
  EXPECT_EQ(evidence->user_id, "u7");
  EXPECT_EQ(evidence->note, "Texted \"remove me from your list\" (SM1)");

  for (auto& e : decision.events) evolve(state, e);
  EXPECT_FALSE(state.possible_opt_out);
  EXPECT_EQ(state.consent.status, consent_status::opted_out);
  EXPECT_FALSE(state.consent.stopped_by_keyword);  // nothing blocks at Twilio
  EXPECT_EQ(send(state, send_purpose::conversational, true).refusal, refusal_reason::opted_out);
}

TEST(possible_opt_out, revoke_with_a_reason_keeps_it_in_the_note) {
  auto state = opted_in_thread();
  receive(state, "SM1", "no more texts", "2026-07-02T17:00:00Z");
  auto decision = decide_possible_opt_out_resolution(state, possible_opt_out_resolution::revoke,
                                                     " She confirmed on a call ", agent(), at("2026-07-02T18:00:00Z"));
  ASSERT_TRUE(decision.ok());
  EXPECT_NE(
      encode(decision.events[0]).data.find(R"js("note":"Texted \"no more texts\" (SM1): She confirmed on a call")js"),
      std::string::npos)
      << encode(decision.events[0]).data;
  EXPECT_NE(encode(decision.events[1]).data.find(R"js("reason":"She confirmed on a call")js"), std::string::npos);
}

TEST(possible_opt_out, keep_needs_a_reason_and_records_only_the_resolution) {
  auto state = opted_in_thread();
  receive(state, "SM1", "stop texting me", "2026-07-02T17:00:00Z");
  for (const char* blank : {"", "  ", "\n\t"}) {
    auto refused = decide_possible_opt_out_resolution(state, possible_opt_out_resolution::keep, blank, agent(),
                                                      at("2026-07-02T18:00:00Z"));
    EXPECT_EQ(refused.error, resolution_error::reason_required);
    EXPECT_TRUE(refused.events.empty());
  }
  auto kept = decide_possible_opt_out_resolution(state, possible_opt_out_resolution::keep, "  Her daughter's text  ",
                                                 agent(), at("2026-07-02T18:00:00Z"));
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept.events.size(), 1u);
  EXPECT_EQ(encode(kept.events[0]).data,
            R"js({"messageSid":"SM1","resolution":"keep","reason":"Her daughter's text","by":"u7",)js"
            R"js("byEmail":"agent@example.com","at":"2026-07-02T18:00:00.000Z"})js");
  evolve(state, kept.events[0]);
  EXPECT_FALSE(state.possible_opt_out);
  EXPECT_EQ(state.consent.status, consent_status::opted_in);
  EXPECT_FALSE(send(state, send_purpose::bulk).refusal);
}

TEST(possible_opt_out, resolving_nothing_is_an_error) {
  auto state = opted_in_thread();
  auto decision = decide_possible_opt_out_resolution(state, possible_opt_out_resolution::revoke, "", agent(),
                                                     at("2026-07-02T18:00:00Z"));
  EXPECT_EQ(decision.error, resolution_error::no_possible_opt_out);
  EXPECT_TRUE(decision.events.empty());
}

TEST(possible_opt_out, a_resolution_clears_only_the_flag_it_names) {
  auto state = opted_in_thread();
  receive(state, "SM2", "lose my number", "2026-07-02T17:05:00Z");
  evolve(state, events::possible_opt_out_resolved{"SM1", "keep", "x", "u1", "", "2026-07-02T18:00:00.000Z"});
  EXPECT_TRUE(state.possible_opt_out);
  evolve(state, events::possible_opt_out_resolved{"SM2", "keep", "x", "u1", "", "2026-07-02T18:00:00.000Z"});
  EXPECT_FALSE(state.possible_opt_out);
}

TEST(possible_opt_out, names_and_codes) {
  EXPECT_STREQ(possible_opt_out_resolution_name(possible_opt_out_resolution::revoke), "revoke");
  EXPECT_STREQ(possible_opt_out_resolution_name(possible_opt_out_resolution::keep), "keep");
  EXPECT_EQ(parse_possible_opt_out_resolution("keep"), possible_opt_out_resolution::keep);
  EXPECT_EQ(parse_possible_opt_out_resolution("revoke"), possible_opt_out_resolution::revoke);
  EXPECT_EQ(parse_possible_opt_out_resolution("Keep"), std::nullopt);
  EXPECT_STREQ(resolution_error_code(resolution_error::no_possible_opt_out), "no_possible_opt_out");
  EXPECT_STREQ(resolution_error_code(resolution_error::reason_required), "reason_required");
}

}  // namespace
}  // namespace crm::domain
