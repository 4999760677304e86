// A history sync's decision: Given the thread, When Twilio's list comes, Then the events.

#include <gtest/gtest.h>

#include "domain/iso_time.hpp"
#include "domain/thread_decisions.hpp"

namespace crm::domain {
namespace {

instant at(const char* iso) { return parse_iso8601(iso).value(); }

listed_message listed(const char* sid, bool inbound, const char* body, const char* sent) {
  listed_message m;
  m.sid = sid;
  m.inbound = inbound;
  m.from = inbound ? "+17605550101" : "+17605550000";
  m.to = inbound ? "+17605550000" : "+17605550101";
  m.body = body;
  m.status = inbound ? "received" : "delivered";
  m.num_segments = 1;
  m.created_at = m.sent_at = at(sent);
  return m;
}

thread_state linked_thread() {
  thread_state state;
  state.phone = "+17605550101";
  evolve(state, events::contact_linked{"c1", state.phone});
  return state;
}

TEST(history_import, messages_the_thread_lacks_are_imported_oldest_first_and_known_ones_skipped) {
  auto state = linked_thread();
  evolve(state, events::inbound_message_received{"SMknown",
                                                 "SMknown",
                                                 "+17605550101",
                                                 "+17605550000",
                                                 "hi",
                                                 {},
                                                 {},
                                                 1,
                                                 0,
                                                 {},
                                                 {},
                                                 {},
                                                 {},
                                                 {},
                                                 {},
                                                 "2026-07-01T10:00:00.000Z",
                                                 {}});
  // Twilio lists newest first.
  auto decision = decide_history_import(state, {listed("SMnew", false, "see you", "2026-07-02T10:00:00Z"),
                                                listed("SMknown", true, "hi", "2026-07-01T10:00:00Z"),
                                                listed("SMold", true, "hello", "2026-06-30T10:00:00Z")});
  EXPECT_EQ(decision.imported, 2);
  EXPECT_EQ(decision.skipped, 1);
  ASSERT_EQ(decision.events.size(), 2u);
  auto& first = std::get<events::message_imported>(decision.events[0]);
  auto& second = std::get<events::message_imported>(decision.events[1]);
  EXPECT_EQ(first.sid, "SMold");
  EXPECT_EQ(first.direction, "inbound");
  EXPECT_EQ(first.date_sent, "2026-06-30T10:00:00.000Z");
  EXPECT_EQ(first.contact_id, "c1");
  EXPECT_EQ(second.sid, "SMnew");
  EXPECT_EQ(second.direction, "outbound");
}

TEST(history_import, a_stop_found_in_the_list_revokes_consent_after_the_texts) {
  auto state = linked_thread();
  auto decision = decide_history_import(state, {listed("SMstop", true, "STOP", "2026-07-02T10:00:00Z")});
  ASSERT_EQ(decision.events.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<events::message_imported>(decision.events[0]));
  auto& revoked = std::get<events::consent_revoked>(decision.events[1]);
  EXPECT_EQ(revoked.message_sid, "SMstop");
  EXPECT_EQ(revoked.imported, true);
  for (auto& e : decision.events) evolve(state, e);
  EXPECT_EQ(state.consent.status, consent_status::opted_out);
}

TEST(history_import, nothing_new_decides_nothing) {
  auto state = linked_thread();
  auto once = decide_history_import(state, {listed("SM1", true, "hi", "2026-07-01T10:00:00Z")});
  for (auto& e : once.events) evolve(state, e);
  auto again = decide_history_import(state, {listed("SM1", true, "hi", "2026-07-01T10:00:00Z")});
  EXPECT_TRUE(again.events.empty());
  EXPECT_EQ(again.skipped, 1);
}

TEST(mark_read, records_who_read_the_thread_and_when) {
  auto state = linked_thread();
  auto read = decide_mark_read(state, "u1", at("2026-07-01T17:00:00Z"));
  EXPECT_EQ(event_json(read), R"({"phone":"+17605550101","by":"u1","at":"2026-07-01T17:00:00.000Z"})");
}

}  // namespace
}  // namespace crm::domain
