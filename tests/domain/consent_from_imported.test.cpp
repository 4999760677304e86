// Keywords found in Twilio's message list by a history sync: only those newer than the newest
// keyword the ledger holds change consent, in Twilio's order.

#include <gtest/gtest.h>

#include "domain/iso_time.hpp"
#include "domain/thread_decisions.hpp"

namespace crm::domain {
namespace {

instant at(const char* iso) { return parse_iso8601(iso).value(); }

thread_state with_stop_at(const char* iso) {
  thread_state state;
  state.phone = "+16195550708";
  evolve(state.consent, consent_revoked{at(iso), keyword_evidence{"SMlive", "STOP"}});
  return state;
}

TEST(consent_from_imported, a_newer_keyword_changes_consent_and_an_older_one_is_history) {
  auto state = with_stop_at("2026-07-02T12:00:00Z");
  auto events = consent_from_imported(state, {{"SMold", "START", at("2026-07-01T12:00:00Z")},
                                              {"SMnew", "unstop", at("2026-07-03T12:00:00Z")},
                                              {"SMchat", "start the tour?", at("2026-07-04T12:00:00Z")}});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(encode(events[0]).type, "ConsentGranted");
  EXPECT_NE(encode(events[0]).data.find("\"messageSid\":\"SMnew\""), std::string::npos) << encode(events[0]).data;
  EXPECT_NE(encode(events[0]).data.find("\"at\":\"2026-07-03T12:00:00.000Z\""), std::string::npos)
      << encode(events[0]).data;
}

TEST(consent_from_imported, keywords_apply_in_twilios_order_whatever_the_list_order) {
  thread_state state;
  state.phone = "+16195550708";
  auto events = consent_from_imported(state, {{"SM2", "YES", at("2026-07-02T12:00:00Z")},
                                              {"SM1", "STOP", at("2026-07-01T12:00:00Z")},
                                              {"SM0", "QUIT", std::nullopt}});  // no time: cannot be ordered
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(encode(events[0]).type, "ConsentRevoked");
  EXPECT_EQ(encode(events[1]).type, "ConsentGranted");
  for (auto& e : events) evolve(state, e);
  EXPECT_EQ(state.consent.status, consent_status::opted_in);
}

}  // namespace
}  // namespace crm::domain
