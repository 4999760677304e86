// The log's readers (eventlog/log_reader.hpp) against a real PostgreSQL: what each returns, in
// which order, and that they agree with the event store's own reads.

#include <gtest/gtest.h>

#include "eventlog/event_chain.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/log_reader.hpp"
#include "eventlog/uuid.hpp"
#include "support/test_database.hpp"

namespace crm::eventlog {
namespace {

new_event make_event(const std::string& type, const std::string& data = "{\"n\": 1}") {
  return {random_uuid(), type, data, "{}"};
}

append_request single(const std::string& stream, std::vector<new_event> events) {
  return append_request{{stream_append{stream, expected::any, std::move(events)}}};
}

class log_reader_test : public ::testing::Test {
protected:
  void SetUp() override {
    url = testing::fresh_database();
    store = std::make_unique<event_store>(url);
  }
  void append(const std::string& stream, std::vector<new_event> events) {
    ASSERT_EQ(store->append(single(stream, std::move(events))).status, append_status::ok);
  }
  std::string url;
  std::unique_ptr<event_store> store;
};

TEST_F(log_reader_test, an_empty_log_has_head_zero_and_nothing_to_read) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  EXPECT_EQ(head_position(tx), 0);
  EXPECT_TRUE(log_is_empty(tx));
  EXPECT_TRUE(events_after(tx, 0, 10).empty());
  EXPECT_TRUE(changes_after(tx, 0, 10).empty());
  EXPECT_EQ(count_events_after(tx, 0), 0);
}

TEST_F(log_reader_test, reads_by_position_stream_and_type) {
  append("thread-+1", {make_event("ConsentGranted", "{\"messageId\": \"m-1\", \"contactId\": \"c-1\"}"),
                       make_event("OptInRequested", "{\"sid\": \"SM1\"}")});
  append("contact-c-1", {make_event("ContactCreated")});
  append("thread-+1", {make_event("ConsentRevoked"), make_event("ThreadRead")});
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);

  auto all = events_after(tx, 0, 100);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(head_position(tx), all.back().position);
  EXPECT_FALSE(log_is_empty(tx));
  EXPECT_EQ(count_events_after(tx, all[1].position), 3);
  EXPECT_EQ(count_events_up_to(tx, all[1].position), 2);
  // The same rows the store reads, field for field.
  auto stored = store->read_all(0, 100);
  ASSERT_EQ(stored.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].event_id, stored[i].event_id);
    EXPECT_EQ(all[i].data, stored[i].data);
    EXPECT_EQ(all[i].recorded_at, stored[i].recorded_at);
  }

  auto page = events_after(tx, all[0].position, 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].position, all[1].position);
  auto between = events_between(tx, all[0].position, all[2].position, 100);
  ASSERT_EQ(between.size(), 2u);
  EXPECT_EQ(between.back().position, all[2].position);

  auto stream = stream_events(tx, "thread-+1", 1);
  ASSERT_EQ(stream.size(), 3u);
  EXPECT_EQ(stream[0].version, 2);
  auto threads = events_after_in_streams(tx, 0, 100, "thread-");
  EXPECT_EQ(threads.size(), 4u);

  auto consent = stream_events_of_types(tx, "thread-+1", {"ConsentGranted", "ConsentRevoked"});
  ASSERT_EQ(consent.size(), 2u);
  EXPECT_EQ(consent[0].type, "ConsentGranted");
  EXPECT_EQ(consent[1].type, "ConsentRevoked");

  auto changes = changes_after(tx, 0, 100);
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[0].message_id, "m-1");
  EXPECT_EQ(changes[0].contact_id, "c-1");
  EXPECT_EQ(changes[1].message_id, "SM1");  // no messageId: the sid
  EXPECT_EQ(changes[2].stream_id, "contact-c-1");
  EXPECT_EQ(changes[2].message_id, "");

  auto sids = data_field_of_type(tx, "OptInRequested", "sid");
  EXPECT_EQ(sids, std::vector<std::string>{"SM1"});
  auto window = commits_between(tx, 0, all.back().position);
  EXPECT_EQ(window.events, 5);
  EXPECT_EQ(window.transactions, 3);
}

TEST_F(log_reader_test, chained_events_carry_what_the_hash_covers) {
  append("s-1", {make_event("A"), make_event("B")});
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  auto chained = chained_events_after(tx, 0, 10);
  ASSERT_EQ(chained.size(), 2u);
  ASSERT_TRUE(chained[0].hash && chained[1].hash);
  EXPECT_FALSE(chained[0].txid.empty());
  auto& e = chained[1].event;
  EXPECT_EQ(e.recorded_at.size(), std::string("2026-01-01T00:00:00.000000Z").size());  // to the microsecond
  EXPECT_EQ(*chained[1].hash, chain_hash(*chained[0].hash, e.position, e.stream_id, e.version, e.event_id, e.type,
                                         e.data, e.metadata, e.recorded_at));
}

TEST_F(log_reader_test, the_chain_head_is_the_last_hashed_event) {
  {
    pqxx::connection c(url);
    pqxx::read_transaction tx(c);
    auto empty = chain_head(tx);
    EXPECT_EQ(empty.position, empty.chain_start_position);
    EXPECT_EQ(empty.hash_hex, "");  // nothing hashed yet
  }
  append("s-1", {make_event("A"), make_event("B")});
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  auto head = chain_head(tx);
  auto chained = chained_events_after(tx, 0, 10);
  ASSERT_EQ(chained.size(), 2u);
  EXPECT_EQ(head.position, chained[1].event.position);
  EXPECT_LT(head.chain_start_position, chained[0].event.position);
  EXPECT_EQ(head.hash_hex, to_hex(*chained[1].hash));
}

}  // namespace
}  // namespace crm::eventlog
