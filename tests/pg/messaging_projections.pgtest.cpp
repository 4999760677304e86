// The messages and conversations read models: a replay of the log from scratch gives exactly
// the rows the live, incremental projector built.

#include <gtest/gtest.h>

#include "domain/iso_time.hpp"
#include "domain/thread_decisions.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "projections/all_projections.hpp"
#include "projections/projector.hpp"
#include "support/test_database.hpp"

namespace crm::projections {
namespace {

void append(eventlog::event_store& store, const std::string& phone, const domain::domain_events& events) {
  eventlog::stream_append s{"thread-" + phone, eventlog::expected::any, {}};
  for (auto& e : events) s.events.push_back({eventlog::random_uuid(), e.type, e.data, "{}"});
  ASSERT_EQ(store.append(eventlog::append_request{{s}}).status, eventlog::append_status::ok);
}

std::string rows(const std::string& url, const std::string& table) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  return tx.exec1("SELECT coalesce(string_agg(row(t.*)::text, E'\\n' ORDER BY row(t.*)::text), '') FROM " + table + " t")[0].c_str();
}

// Twelve threads: keyword opt-ins, replies with Twilio's answers and callbacks, read marks,
// linked and unlinked contacts, and imported history older than the live texts.
void append_scenario(eventlog::event_store& store) {
  auto t0 = domain::parse_iso8601("2026-11-25T18:00:00Z").value();
  for (int n = 0; n < 12; ++n) {
    std::string phone = "+1760555" + std::to_string(2000 + n);
    domain::thread_state thread;
    thread.phone = phone;
    auto at = t0 + std::chrono::minutes(n);
    domain::inbound_text text;
    text.sid = "SM" + eventlog::random_uuid().substr(0, 8);
    text.from = phone;
    text.body = n % 3 == 0 ? "START" : "hello " + std::to_string(n);
    domain::keyword_replies replies;
    auto inbound = domain::decide_inbound(thread, text, replies, at);
    append(store, phone, inbound.events);
    for (auto& e : inbound.events) domain::evolve(thread, e.type, e.data);
    domain::outbound_request out{eventlog::random_uuid(), phone, "+15005550006", "reply " + std::to_string(n), {},
                                 domain::send_purpose::conversational, "", "agent"};
    auto decision = domain::decide_outbound(thread, out, at + std::chrono::seconds(5), domain::recipient_location{"CA", "US", ""});
    append(store, phone, decision.events);
    if (!decision.refusal) {
      for (auto& e : decision.events) domain::evolve(thread, e.type, e.data);
      auto sid = "SM" + eventlog::random_uuid().substr(0, 8);
      auto accepted = domain::twilio_accepted(out.message_id, sid, "queued", 1, std::nullopt, "USD", "", at);
      append(store, phone, {accepted});
      domain::evolve(thread, accepted.type, accepted.data);
      for (auto status : {"sent", "delivered", "sent"})
        if (auto e = domain::decide_status(thread, sid, {status, std::nullopt, ""}, at + std::chrono::seconds(9))) {
          append(store, phone, {*e});
          domain::evolve(thread, e->type, e->data);
        }
    }
    if (n % 4 == 0) append(store, phone, {{"ThreadRead", "{\"phone\":\"" + phone + "\",\"at\":\"2026-11-25T19:00:00.000Z\"}"}});
  }
  for (int n = 0; n < 12; n += 3) {
    std::string phone = "+1760555" + std::to_string(2000 + n);
    auto contact = eventlog::random_uuid();
    append(store, phone, {{"ContactLinked", "{\"contactId\":\"" + contact + "\",\"phone\":\"" + phone + "\"}"}});
    append(store, phone, {{"MessageImported", "{\"sid\":\"SMold" + std::to_string(n) + "\",\"direction\":\"inbound\","
                                              "\"from\":\"" + phone + "\",\"to\":\"+15005550006\",\"body\":\"old\","
                                              "\"status\":\"received\",\"dateSent\":\"2026-01-01T00:00:00.000Z\"}"}});
    if (n % 6 == 0) append(store, phone, {{"ContactUnlinked", "{\"contactId\":\"" + contact + "\"}"}});
  }
}

void reset_messaging_views(const std::string& url) {
  pqxx::connection c(url);
  pqxx::work tx(c);
  tx.exec0("DELETE FROM messages_view");
  tx.exec0("DELETE FROM conversations_view");
  tx.exec0("UPDATE projection_checkpoints SET position = 0 WHERE projection IN ('messages', 'conversations')");
  tx.commit();
}

TEST(messaging_projections, a_replay_from_scratch_equals_the_live_rows) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_scenario(store);
  {
    projector live(url, all_projections());
    live.catch_up();
  }
  auto messages = rows(url, "messages_view"), conversations = rows(url, "conversations_view");
  EXPECT_NE(messages.find("delivered"), std::string::npos);
  EXPECT_NE(conversations.find("opted_in"), std::string::npos);
  reset_messaging_views(url);
  projector replay(url, all_projections());
  EXPECT_EQ(replay.catch_up(), store.head_position());
  EXPECT_EQ(rows(url, "messages_view"), messages);
  EXPECT_EQ(rows(url, "conversations_view"), conversations);
}

// Batches are folded in memory: the rows must not depend on where a batch begins and ends.
TEST(messaging_projections, rows_do_not_depend_on_the_batch_size) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_scenario(store);
  std::string messages, conversations;
  for (int batch_size : {2000, 1, 3, 17}) {
    reset_messaging_views(url);
    projector p(url, all_projections(), batch_size);
    EXPECT_EQ(p.catch_up(), store.head_position());
    if (messages.empty()) {
      messages = rows(url, "messages_view");
      conversations = rows(url, "conversations_view");
      EXPECT_NE(messages.find("SMold"), std::string::npos);
      continue;
    }
    EXPECT_EQ(rows(url, "messages_view"), messages) << "batch size " << batch_size;
    EXPECT_EQ(rows(url, "conversations_view"), conversations) << "batch size " << batch_size;
  }
}

}  // namespace
}  // namespace crm::projections
