// The event log against a real PostgreSQL: appends, conflicts, idempotency, group commit
// isolation, the append-only rule, and positions that a follower never skips.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "support/test_database.hpp"

namespace crm::eventlog {
namespace {

new_event make_event(const std::string& type = "Tested", const std::string& data = "{\"n\":1}") {
  return {random_uuid(), type, data, "{}"};
}

append_request single(const std::string& stream, std::int64_t expected, std::vector<new_event> events) {
  return append_request{{stream_append{stream, expected, std::move(events)}}};
}

class event_store_test : public ::testing::Test {
protected:
  void SetUp() override { url = testing::fresh_database(); }
  std::string url;
};

TEST_F(event_store_test, appends_and_reads_a_stream_in_version_order) {
  event_store store(url);
  auto result = store.append(single("s-1", expected::no_stream, {make_event("A"), make_event("B")}));
  ASSERT_EQ(result.status, append_status::ok);
  EXPECT_EQ(result.new_versions, std::vector<std::int64_t>{2});
  auto events = store.read_stream("s-1");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "A");
  EXPECT_EQ(events[0].version, 1);
  EXPECT_EQ(events[1].type, "B");
  EXPECT_LT(events[0].position, events[1].position);
  EXPECT_EQ(store.head_position(), events[1].position);
}

TEST_F(event_store_test, a_wrong_expected_version_is_a_conflict_and_writes_nothing) {
  event_store store(url);
  ASSERT_EQ(store.append(single("s-1", expected::no_stream, {make_event()})).status, append_status::ok);
  auto again = store.append(single("s-1", expected::no_stream, {make_event()}));
  EXPECT_EQ(again.status, append_status::conflict);
  EXPECT_NE(again.message.find("version 1"), std::string::npos);
  EXPECT_EQ(store.read_stream("s-1").size(), 1u);
  EXPECT_EQ(store.append(single("s-1", 1, {make_event()})).status, append_status::ok);
  EXPECT_EQ(store.append(single("s-1", expected::any, {make_event()})).status, append_status::ok);
  EXPECT_EQ(store.read_stream("s-1").size(), 3u);
}

TEST_F(event_store_test, known_event_ids_return_the_original_result_and_write_nothing) {
  event_store store(url);
  auto request = single("s-1", expected::no_stream, {make_event(), make_event()});
  auto first = store.append(request);
  ASSERT_EQ(first.status, append_status::ok);
  auto second = store.append(request);  // a retry: same ids, stale expected version
  EXPECT_EQ(second.status, append_status::ok);
  EXPECT_TRUE(second.duplicate);
  EXPECT_EQ(second.last_position, first.last_position);
  EXPECT_EQ(second.new_versions, first.new_versions);
  EXPECT_EQ(store.read_stream("s-1").size(), 2u);
}

TEST_F(event_store_test, in_a_batch_a_conflict_fails_only_its_own_request) {
  event_store store(url);
  ASSERT_EQ(store.append(single("taken", expected::no_stream, {make_event()})).status, append_status::ok);
  auto duplicate = make_event();
  std::vector<append_request> batch = {
      single("a", expected::no_stream, {make_event()}),
      single("taken", expected::no_stream, {make_event()}),  // conflict
      single("b", expected::no_stream, {duplicate}),
      single("b", expected::no_stream, {duplicate}),  // the same append twice in one batch
      append_request{{stream_append{"c", expected::no_stream, {make_event()}},
                      stream_append{"taken", 5, {make_event()}}}},  // atomic pair: both fail
  };
  auto results = store.append_batch(batch);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].status, append_status::ok);
  EXPECT_EQ(results[1].status, append_status::conflict);
  EXPECT_EQ(results[2].status, append_status::ok);
  EXPECT_EQ(results[3].status, append_status::ok);
  EXPECT_TRUE(results[3].duplicate);
  EXPECT_EQ(results[3].last_position, results[2].last_position);
  EXPECT_EQ(results[4].status, append_status::conflict);
  EXPECT_EQ(store.read_stream("a").size(), 1u);
  EXPECT_EQ(store.read_stream("b").size(), 1u);
  EXPECT_EQ(store.read_stream("c").size(), 0u);
  EXPECT_EQ(store.read_stream("taken").size(), 1u);
}

TEST_F(event_store_test, the_database_rejects_update_delete_and_truncate_even_for_a_superuser) {
  event_store store(url);
  ASSERT_EQ(store.append(single("s", expected::no_stream, {make_event()})).status, append_status::ok);
  pqxx::connection c(url);
  for (const char* statement : {"UPDATE events SET type = 'Forged'", "DELETE FROM events", "TRUNCATE events"}) {
    pqxx::work tx(c);
    EXPECT_THROW(tx.exec(statement), pqxx::sql_error) << statement;
  }
  EXPECT_EQ(store.read_stream("s").at(0).type, "Tested");
}

// Writers on separate connections append to the same streams at once. The one-call append
// (migrations 0011, 0012) reads versions before it takes the append lock, so another
// writer can overtake it; the unique indexes then fail it and the detailed path decides. Every
// append must still end with its own version, none lost, none twice, and conflicts only where an
// expected version was really stale.
TEST_F(event_store_test, concurrent_appends_to_one_stream_get_distinct_contiguous_versions) {
  constexpr int writers = 4, appends_each = 60;
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::vector<std::int64_t> any_versions;
  std::atomic<int> expected_ok{0}, expected_conflicts{0}, failures{0};
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&] {
      event_store store(url);
      std::int64_t known_version = 0;
      for (int i = 0; i < appends_each; ++i) {
        auto any = store.append(single("shared-any", expected::any, {make_event()}));
        if (any.status != append_status::ok) ++failures;
        else {
          std::lock_guard<std::mutex> lock(mutex);
          any_versions.push_back(any.new_versions.at(0));
        }
        // Expecting the version last seen: a conflict is right when another writer got there first.
        auto checked = store.append(single("shared-checked", known_version, {make_event()}));
        if (checked.status == append_status::ok) {
          ++expected_ok;
          known_version = checked.new_versions.at(0);
        } else if (checked.status == append_status::conflict) {
          ++expected_conflicts;
          known_version = store.read_stream("shared-checked").size();
        } else {
          ++failures;
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  std::sort(any_versions.begin(), any_versions.end());
  ASSERT_EQ(any_versions.size(), static_cast<size_t>(writers * appends_each));
  for (size_t i = 0; i < any_versions.size(); ++i) EXPECT_EQ(any_versions[i], static_cast<std::int64_t>(i + 1));
  event_store reader(url);
  auto checked = reader.read_stream("shared-checked");
  EXPECT_EQ(static_cast<int>(checked.size()), expected_ok.load());
  EXPECT_EQ(expected_ok + expected_conflicts, writers * appends_each);
  for (size_t i = 0; i < checked.size(); ++i) EXPECT_EQ(checked[i].version, static_cast<std::int64_t>(i + 1));
}

// The one-call path does not look for known ids: the unique index on event_id fails its
// INSERT, and the detailed way answers each request with what it finds. The retried request gets
// its original result, the new one is appended, and `streams` (a view over the log since 0012)
// shows the versions.
TEST_F(event_store_test, a_retried_append_in_a_one_call_batch_gets_its_original_result) {
  event_store store(url);
  auto first = single("s-retried", expected::no_stream, {make_event(), make_event()});
  auto original = store.append(first);
  ASSERT_EQ(original.status, append_status::ok);
  auto again = store.append(first);
  EXPECT_EQ(again.status, append_status::ok);
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.new_versions, original.new_versions);
  EXPECT_EQ(again.last_position, original.last_position);

  auto batch = store.append_batch({first, single("s-beside", expected::no_stream, {make_event()})});
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_TRUE(batch[0].duplicate);
  EXPECT_EQ(batch[0].new_versions, std::vector<std::int64_t>{2});
  EXPECT_EQ(batch[1].status, append_status::ok);
  EXPECT_FALSE(batch[1].duplicate);
  EXPECT_EQ(batch[1].new_versions, std::vector<std::int64_t>{1});

  pqxx::connection c(url);
  pqxx::work tx(c);
  auto rows = tx.exec("SELECT stream_id, version FROM streams WHERE stream_id IN ('s-retried', 's-beside') ORDER BY 1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].as<std::string>(), "s-beside");
  EXPECT_EQ(rows[0][1].as<std::int64_t>(), 1);
  EXPECT_EQ(rows[1][1].as<std::int64_t>(), 2);
  EXPECT_EQ(store.read_stream("s-retried").size(), 2u);
}

// A batch the one-call path declines (a stream named twice) goes the detailed way, request by
// request, and the log goes on from there with one-call appends.
TEST_F(event_store_test, a_batch_with_a_known_id_is_decided_request_by_request) {
  event_store store(url);
  auto first = single("s-known", expected::no_stream, {make_event()});
  ASSERT_EQ(store.append(first).status, append_status::ok);
  auto repeated = store.append_batch(
      {first, single("s-new", expected::no_stream, {make_event()}), single("s-known", 5, {make_event()})});
  ASSERT_EQ(repeated.size(), 3u);
  EXPECT_EQ(repeated[0].status, append_status::ok);
  EXPECT_TRUE(repeated[0].duplicate);
  EXPECT_EQ(repeated[1].status, append_status::ok);
  EXPECT_EQ(repeated[1].new_versions, std::vector<std::int64_t>{1});
  EXPECT_EQ(repeated[2].status, append_status::conflict);
  auto next = store.append(single("s-new", 1, {make_event(), make_event()}));
  ASSERT_EQ(next.status, append_status::ok);
  EXPECT_EQ(next.new_versions, std::vector<std::int64_t>{3});
  EXPECT_EQ(store.read_stream("s-known").size(), 1u);
  EXPECT_EQ(store.read_stream("s-new").size(), 3u);
}

// Many writers commit concurrently while a follower reads `position > checkpoint`. Without
// positions drawn in commit order the follower would skip events committed out of order.
TEST_F(event_store_test, a_follower_never_skips_an_event_under_concurrent_writers) {
  constexpr int writers = 8, appends_each = 150;
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      event_store store(url);
      std::mt19937 rng(w);
      for (int i = 0; i < appends_each; ++i) {
        std::vector<append_request> batch;
        int size = 1 + static_cast<int>(rng() % 4);
        for (int b = 0; b < size; ++b)
          batch.push_back(single("w" + std::to_string(w) + "-" + std::to_string(i) + "-" + std::to_string(b),
                                 expected::no_stream, {make_event()}));
        store.append_batch(batch);
      }
      ++done;
    });
  std::set<std::int64_t> seen;
  std::int64_t checkpoint = 0;
  event_store follower(url);
  for (;;) {
    bool finished = done == writers;
    auto events = follower.read_all(checkpoint, 500);
    for (auto& e : events) {
      EXPECT_GT(e.position, checkpoint);
      seen.insert(e.position);
      checkpoint = e.position;
    }
    if (finished && events.empty()) break;
  }
  for (auto& t : threads) t.join();
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  std::set<std::int64_t> all;
  for (auto row : tx.exec("SELECT position FROM events")) all.insert(row[0].as<std::int64_t>());
  EXPECT_GT(all.size(), static_cast<size_t>(writers * appends_each));
  EXPECT_EQ(seen, all);
}

}  // namespace
}  // namespace crm::eventlog
