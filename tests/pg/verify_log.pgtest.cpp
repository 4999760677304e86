// crmctl verify-log against a real log: an intact chain passes; an event changed or deleted by a
// superuser with the append-only trigger disabled (session_replication_role = replica) is found.

#include <sys/wait.h>

#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "support/crmctl_runner.hpp"
#include "support/test_database.hpp"

namespace crm::cli {
namespace {

using testing::command_result;
using testing::crmctl;

// Events whose data::text has escapes and multi-byte characters, across several streams.
void append_events(eventlog::event_store& store, int count) {
  for (int i = 0; i < count; ++i) {
    eventlog::append_request request;
    std::string data = "{\"body\": \"caf\\u00e9 \\ud83d\\ude00 line\\nbreak \\\"q\\\" " + std::to_string(i) +
                       "\", \"n\": " + std::to_string(i) + ", \"nested\": {\"b\": [1, 2.50, null], \"a\": true}}";
    request.streams.push_back({"thread-+1760555" + std::to_string(1000 + i % 4),
                               eventlog::expected::any,
                               {{eventlog::random_uuid(), "InboundMessageReceived", data, "{\"ip\": \"10.0.0.1\"}"}}});
    ASSERT_EQ(store.append(request).status, eventlog::append_status::ok);
  }
}

void tamper(const std::string& url, const std::string& sql) {
  pqxx::connection c(url);
  pqxx::work tx(c);
  tx.exec("SET LOCAL session_replication_role = replica");
  tx.exec(sql);
  tx.commit();
}

TEST(verify_log, an_intact_log_passes) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_events(store, 25);
  auto result = crmctl(url, "verify-log");
  EXPECT_EQ(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("intact: 25 hashed events"), std::string::npos) << result.output;
}

// Three writers hash: the one-call append of migration 0011 (single appends), the detailed path
// in C++ (this batch names its streams more than once), and the trigger for a plain insert.
// Interleaved, they still make one chain.
TEST(verify_log, group_commits_and_plain_inserts_chain_together) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_events(store, 2);
  std::vector<eventlog::append_request> batch;
  for (int i = 0; i < 40; ++i) {
    eventlog::append_request request;
    request.streams.push_back({"thread-+1760555" + std::to_string(2000 + i % 7),
                               eventlog::expected::any,
                               {{eventlog::random_uuid(), "InboundMessageReceived",
                                 "{\"i\": " + std::to_string(i) + ", \"price\": 1.0e-2, \"s\": \"\\u00e9\"}", "{}"},
                                {eventlog::random_uuid(), "ThreadRead", "{}", "{\"b\": 1, \"a\": 2}"}}});
    batch.push_back(request);
  }
  for (auto& result : store.append_batch(batch)) ASSERT_EQ(result.status, eventlog::append_status::ok);
  {
    pqxx::connection c(url);
    pqxx::work tx(c);
    tx.exec("SELECT pg_advisory_xact_lock(7263510)");
    tx.exec(
        "INSERT INTO events (stream_id, version, event_id, type, data) "
        "VALUES ('thread-+17605559999', 1, gen_random_uuid(), 'ConsentGranted', '{\"z\": 1}')");
    tx.commit();
  }
  append_events(store, 2);
  auto result = crmctl(url, "verify-log");
  EXPECT_EQ(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("intact: 85 hashed events"), std::string::npos) << result.output;
}

TEST(verify_log, an_empty_log_passes) {
  auto url = testing::fresh_database();
  auto result = crmctl(url, "verify-log");
  EXPECT_EQ(result.status, 0) << result.output;
}

TEST(verify_log, an_event_changed_by_a_superuser_is_found) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_events(store, 20);
  tamper(url, "UPDATE events SET data = jsonb_set(data, '{body}', '\"nothing to see\"') WHERE position = 7");
  auto result = crmctl(url, "verify-log");
  EXPECT_EQ(result.status, 1) << result.output;
  EXPECT_NE(result.output.find("BROKEN at position 7: hash mismatch: the event was changed"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("1 broken link(s)"), std::string::npos) << result.output;
}

TEST(verify_log, a_changed_timestamp_is_found) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_events(store, 5);
  tamper(url, "UPDATE events SET recorded_at = recorded_at - interval '1 microsecond' WHERE position = 2");
  auto result = crmctl(url, "verify-log");
  EXPECT_EQ(result.status, 1) << result.output;
  EXPECT_NE(result.output.find("BROKEN at position 2"), std::string::npos) << result.output;
}

TEST(verify_log, a_deleted_event_is_found) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_events(store, 20);
  tamper(url, "DELETE FROM events WHERE position = 11");
  auto result = crmctl(url, "verify-log");
  EXPECT_EQ(result.status, 1) << result.output;
  EXPECT_NE(result.output.find("BROKEN at position 12: hash mismatch after a gap from position 10"), std::string::npos)
      << result.output;
}

TEST(verify_log, a_deleted_stream_is_found) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_events(store, 20);
  tamper(url, "DELETE FROM events WHERE stream_id = 'thread-+17605551002'");
  auto result = crmctl(url, "verify-log");
  EXPECT_EQ(result.status, 1) << result.output;
  EXPECT_NE(result.output.find("BROKEN at position 4"), std::string::npos) << result.output;
}

TEST(verify_log, deleting_the_newest_event_is_found) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_events(store, 10);
  tamper(url, "DELETE FROM events WHERE position = 10");
  auto result = crmctl(url, "verify-log");
  EXPECT_EQ(result.status, 1) << result.output;
  EXPECT_NE(result.output.find("BROKEN at position 10"), std::string::npos) << result.output;
}

TEST(verify_log, an_event_inserted_with_triggers_disabled_is_found) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_events(store, 3);
  tamper(url,
         "INSERT INTO events (stream_id, version, event_id, type, data) "
         "VALUES ('thread-+17605559999', 1, gen_random_uuid(), 'ConsentGranted', '{}')");
  auto result = crmctl(url, "verify-log");
  EXPECT_EQ(result.status, 1) << result.output;
  EXPECT_NE(result.output.find("BROKEN at position 4: the event has no hash"), std::string::npos) << result.output;
}

TEST(verify_log, an_insert_behind_the_chain_head_is_refused) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  append_events(store, 3);
  pqxx::connection c(url);
  pqxx::work tx(c);
  // A position below the head is what a writer that skipped the append lock could produce.
  EXPECT_THROW(tx.exec("INSERT INTO events (position, stream_id, version, event_id, type, data) "
                       "VALUES (2, 'thread-+17605559999', 1, gen_random_uuid(), 'X', '{}')"),
               pqxx::serialization_failure);
}

TEST(verify_log, a_bad_database_url_is_exit_2) {
  auto result = crmctl("postgresql://postgres@127.0.0.1:1/none", "verify-log");
  EXPECT_EQ(result.status, 2) << result.output;
  EXPECT_EQ(crmctl("postgresql://postgres@127.0.0.1:1/none", "verify-log --bogus").status, 2);
}

}  // namespace
}  // namespace crm::cli
