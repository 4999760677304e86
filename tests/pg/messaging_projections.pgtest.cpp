// The messages and conversations read models: a replay of the log from scratch gives exactly
// the rows the live, incremental projector built, whatever the batch size, and events no
// projection expected do not stop it. The queries over these read models:
// messaging_queries.pgtest.cpp.

#include <gtest/gtest.h>

#include <string>

#include "domain/iso_time.hpp"
#include "domain/thread_decisions.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "messaging_events.hpp"
#include "projections/all_projections.hpp"
#include "projections/projector.hpp"
#include "support/test_database.hpp"

namespace crm::projections {
namespace {

using namespace messaging_test;

namespace ev = domain::events;

std::string rows(const std::string& url, const std::string& table) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  return tx
      .exec1("SELECT coalesce(string_agg(row(t.*)::text, E'\\n' ORDER BY row(t.*)::text), '') FROM " + table + " t")[0]
      .c_str();
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
    for (auto& e : inbound.events) domain::evolve(thread, e);
    domain::outbound_request out{eventlog::random_uuid(),
                                 phone,
                                 "+15005550006",
                                 "reply " + std::to_string(n),
                                 {},
                                 domain::send_purpose::conversational,
                                 "",
                                 "agent"};
    auto decision = domain::decide_outbound(thread, out, at + std::chrono::seconds(5),
                                            domain::recipient_location{"CA", "US", ""});
    append(store, phone, decision.events);
    if (!decision.refusal) {
      for (auto& e : decision.events) domain::evolve(thread, e);
      auto sid = "SM" + eventlog::random_uuid().substr(0, 8);
      auto accepted = domain::twilio_accepted(out.message_id, sid, "queued", 1, std::nullopt, "USD", "", at);
      append(store, phone, {accepted});
      domain::evolve(thread, accepted);
      for (auto status : {"sent", "delivered", "sent"})
        if (auto e = domain::decide_status(thread, sid, {status, std::nullopt, ""}, at + std::chrono::seconds(9))) {
          append(store, phone, {*e});
          domain::evolve(thread, *e);
        }
    }
    if (n % 4 == 0) append(store, phone, {ev::thread_read{phone, "", "2026-11-25T19:00:00.000Z"}});
  }
  for (int n = 0; n < 12; n += 3) {
    std::string phone = "+1760555" + std::to_string(2000 + n);
    auto contact = eventlog::random_uuid();
    append(store, phone, {ev::contact_linked{contact, phone}});
    ev::message_imported old;
    old.message_id = old.sid = "SMold" + std::to_string(n);
    old.direction = "inbound";
    old.from = phone;
    old.to = "+15005550006";
    old.body = "old";
    old.status = "received";
    old.date_sent = "2026-01-01T00:00:00.000Z";
    append(store, phone, {old});
    if (n % 6 == 0) append(store, phone, {ev::contact_unlinked{contact, ""}});
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

// Twilio's sid is unique in messages_view: a second text reported with a sid already taken must
// not fail every batch from then on.
TEST(messaging_projections, a_repeated_twilio_sid_does_not_stop_the_projection) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  std::string phone = "+17605553000";
  for (auto id : {"11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"}) {
    ev::message_accepted_by_twilio accepted;
    accepted.message_id = id;
    accepted.sid = "SMsame";
    accepted.status = "queued";
    accepted.at = "2026-11-25T18:00:01.000Z";
    append(store, phone, {requested(id, phone, "hi", "2026-11-25T18:00:00.000Z"), accepted});
  }
  for (int batch_size : {2000, 1}) {
    reset_messaging_views(url);
    projector p(url, all_projections(), batch_size);
    EXPECT_EQ(p.catch_up(), store.head_position()) << "batch size " << batch_size;
    pqxx::connection c(url);
    pqxx::read_transaction tx(c);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM messages_view")[0].as<int>(), 2);
    EXPECT_EQ(tx.exec1("SELECT id FROM messages_view WHERE sid = 'SMsame'")[0].as<std::string>(),
              "11111111-1111-4111-8111-111111111111");
  }
}

// Up to 2026-12-06 the send API wrote any contactId the client gave into the log, and
// messages_view.contact_id is a uuid: such an event stopped the projector for good, every read
// model frozen behind it. The log is never rewritten, so the projection reads it as no contact.
TEST(messaging_projections, a_contact_id_that_is_no_uuid_reads_as_none_and_does_not_stop_the_projection) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  std::string phone = "+17605553001";
  append(store, phone,
         {requested("33333333-3333-4333-8333-333333333333", phone, "hi", "2026-11-25T18:00:00.000Z", "nope"),
          ev::contact_linked{"nope", phone}});
  domain::thread_state thread;
  thread.phone = phone;
  domain::inbound_text text;
  text.sid = "SMafter";
  text.from = phone;
  text.body = "a text after it";
  domain::keyword_replies replies;
  append(store, phone,
         domain::decide_inbound(thread, text, replies, domain::parse_iso8601("2026-11-25T18:01:00Z").value()).events);

  projector p(url, all_projections(), 2000);
  EXPECT_EQ(p.catch_up(), store.head_position());
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM messages_view WHERE contact_id IS NULL")[0].as<int>(), 2);
  EXPECT_TRUE(tx.exec1("SELECT contact_id FROM conversations_view WHERE phone = '" + phone + "'")[0].is_null());
  EXPECT_EQ(tx.exec1("SELECT last_body FROM conversations_view WHERE phone = '" + phone + "'")[0].as<std::string>(),
            "a text after it");
}

}  // namespace
}  // namespace crm::projections
