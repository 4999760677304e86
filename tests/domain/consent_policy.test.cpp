// The ledger and policy API as a thread actor uses it; the rules themselves are in
// tests/scenarios/*.scenario.
#include "domain/consent_policy.hpp"

#include <gtest/gtest.h>

#include "test_time.hpp"

namespace crm::domain {
namespace {

using testing::utc;

const checkbox_evidence form{"u1", "203.0.113.5", "Mozilla/5.0", "v2", "I agree to texts."};

TEST(consent_ledger, evolve_keeps_state_and_history) {
  consent_ledger ledger;
  EXPECT_EQ(ledger.status, consent_status::none);
  evolve(ledger, consent_granted{utc("2026-07-01T17:00:00Z"), form});
  EXPECT_EQ(ledger.status, consent_status::opted_in);
  EXPECT_EQ(ledger.granted_at, utc("2026-07-01T17:00:00Z"));
  evolve(ledger, consent_revoked{utc("2026-07-02T17:00:00Z"), keyword_evidence{"SM1", "STOP"}});
  EXPECT_EQ(ledger.status, consent_status::opted_out);
  EXPECT_FALSE(ledger.granted_at);
  EXPECT_EQ(ledger.revoked_at, utc("2026-07-02T17:00:00Z"));
  evolve(ledger, opt_in_requested{utc("2026-07-03T17:00:00Z"), "SM2", "u1", "m2"});
  EXPECT_EQ(ledger.last_opt_in_request_at, utc("2026-07-03T17:00:00Z"));
  ASSERT_EQ(ledger.history.size(), 3u);
  const auto& grant = std::get<consent_granted>(ledger.history[0]);
  EXPECT_EQ(std::get<checkbox_evidence>(grant.evidence).wording_text, "I agree to texts.");
  EXPECT_EQ(time_of(ledger.history[1]), utc("2026-07-02T17:00:00Z"));
}

TEST(consent_ledger, replay_equals_step_by_step) {
  std::vector<consent_event> events = {
      consent_granted{utc("2026-07-01T17:00:00Z"), form},
      consent_revoked{utc("2026-07-02T17:00:00Z"), agent_action_evidence{"u1", "asked"}},
      consent_granted{utc("2026-07-03T17:00:00Z"), keyword_evidence{"SM3", "START"}},
  };
  consent_ledger stepwise;
  for (const auto& e : events) stepwise = evolved(stepwise, e);
  consent_ledger replayed = replay(events);
  EXPECT_EQ(replayed.status, stepwise.status);
  EXPECT_EQ(replayed.status, consent_status::opted_in);
  EXPECT_EQ(replayed.granted_at, stepwise.granted_at);
  EXPECT_EQ(replayed.revoked_at, stepwise.revoked_at);
  EXPECT_EQ(replayed.history.size(), 3u);
}

TEST(consent_ledger, status_names) {
  EXPECT_STREQ(consent_status_name(consent_status::none), "none");
  EXPECT_STREQ(consent_status_name(consent_status::opted_in), "opted_in");
  EXPECT_STREQ(consent_status_name(consent_status::opted_out), "opted_out");
}

TEST(consent_policy, reason_codes_are_the_api_tokens) {
  EXPECT_STREQ(reason_code(refusal_reason::no_consent), "no_consent");
  EXPECT_STREQ(reason_code(refusal_reason::opted_out), "opted_out");
  EXPECT_STREQ(reason_code(refusal_reason::quiet_hours), "quiet_hours");
  EXPECT_STREQ(reason_code(refusal_reason::opt_in_already_requested), "opt_in_already_requested");
  send_decision allowed;
  EXPECT_TRUE(allowed.allowed());
  EXPECT_STREQ(allowed.reason(), "");
}

TEST(consent_policy, purposes_round_trip) {
  for (auto purpose : {send_purpose::conversational, send_purpose::marketing, send_purpose::bulk,
                       send_purpose::opt_in_request, send_purpose::keyword_confirmation}) {
    EXPECT_EQ(parse_send_purpose(send_purpose_name(purpose)), purpose);
  }
  EXPECT_FALSE(parse_send_purpose("spam"));
}

TEST(consent_policy, keyword_events) {
  auto out = consent_event_for_keyword(keyword_kind::opt_out, "SM1", "Stop.", utc("2026-07-01T17:00:00Z"));
  ASSERT_TRUE(out);
  const auto& revoked = std::get<consent_revoked>(*out);
  EXPECT_EQ(std::get<keyword_evidence>(revoked.evidence).message_sid, "SM1");
  EXPECT_EQ(std::get<keyword_evidence>(revoked.evidence).text, "Stop.");
  auto in = consent_event_for_keyword(keyword_kind::opt_in, "SM2", "OPT IN", utc("2026-07-01T17:00:00Z"));
  ASSERT_TRUE(in);
  EXPECT_TRUE(std::holds_alternative<consent_granted>(*in));
  EXPECT_FALSE(consent_event_for_keyword(keyword_kind::help, "SM3", "HELP", {}));
  EXPECT_FALSE(consent_event_for_keyword(keyword_kind::none, "SM4", "hi", {}));
}

TEST(consent_policy, a_request_stamped_in_the_future_counts_as_recent) {
  consent_ledger ledger;
  evolve(ledger, opt_in_requested{utc("2026-07-02T18:00:00Z"), "SM1", "u1", "m1"});
  auto decision = decide_send(ledger, send_purpose::opt_in_request, utc("2026-07-01T18:00:00Z"), {"CA", "", ""});
  EXPECT_STREQ(decision.reason(), "opt_in_already_requested");
}

TEST(consent_policy, an_opt_in_request_whose_text_failed_does_not_start_the_wait) {
  consent_ledger ledger;
  evolve(ledger, opt_in_requested{utc("2026-06-01T18:00:00Z"), "SM0", "u1", "m0"});
  evolve(ledger, opt_in_requested{utc("2026-07-01T18:00:00Z"), "", "u1", "m1"});
  auto asked_again = [&] {
    return decide_send(ledger, send_purpose::opt_in_request, utc("2026-07-03T18:00:00Z"), {"CA", "", ""}).reason();
  };
  note_failed_send(ledger, "some other text");
  EXPECT_STREQ(asked_again(), "opt_in_already_requested");
  note_failed_send(ledger, "m1");  // the window is the June request's again: over by July 3
  EXPECT_TRUE(decide_send(ledger, send_purpose::opt_in_request, utc("2026-07-03T18:00:00Z"), {"CA", "", ""}).allowed());
  EXPECT_EQ(ledger.last_opt_in_request_at, utc("2026-06-01T18:00:00Z"));
}

TEST(quiet_hours, locate_recipient_from_a_real_number) {
  auto location = locate_recipient("", "+17605550142");
  EXPECT_EQ(location.number_region_code, "US");
  EXPECT_EQ(location.number_region_description, "California");
  auto zones = recipient_zones(location);
  ASSERT_EQ(zones.size(), 1u);
  EXPECT_EQ(zones[0].name, "Pacific");

  auto new_york = recipient_zones(locate_recipient("", "+12125550142"));
  ASSERT_EQ(new_york.size(), 1u);
  EXPECT_EQ(new_york[0].name, "Eastern");

  auto with_address = recipient_zones(locate_recipient("TX", "+12125550142"));
  EXPECT_EQ(with_address.size(), 2u);
}

TEST(quiet_hours, unknown_numbers_use_eastern_and_pacific) {
  auto zones = recipient_zones(locate_recipient("", "+442079460958"));
  ASSERT_EQ(zones.size(), 2u);
  EXPECT_EQ(zones[0].name, "Eastern");
  EXPECT_EQ(zones[1].name, "Pacific");
  EXPECT_EQ(recipient_zones(locate_recipient("", "garbage")).size(), 2u);
  EXPECT_EQ(recipient_zones({}).size(), 2u);
}

TEST(quiet_hours, territories_by_region_code) {
  auto zones = recipient_zones({"", "PR", ""});
  ASSERT_EQ(zones.size(), 1u);
  EXPECT_EQ(zones[0].name, "Atlantic (no DST)");
}

}  // namespace
}  // namespace crm::domain
