// The detailed way's decision without a database: versions, conflicts, repeats, known ids and
// the hash chain's input, from a context as the read under the append lock returns it.

#include <gtest/gtest.h>

#include "eventlog/append_decision.hpp"
#include "eventlog/event_chain.hpp"

namespace crm::eventlog {
namespace {

constexpr const char* at = "2026-03-01T12:00:00.123456Z";

new_event event(const std::string& id, const std::string& type = "Tested") { return {id, type, "{\"n\": 1}", "{}"}; }

append_request single(const std::string& stream, std::int64_t expected, std::vector<new_event> events) {
  return append_request{{stream_append{stream, expected, std::move(events)}}};
}

// A context for `batch` where no id is known: every event gets a position from 101 up and its
// canonical text (the id upper-cased in the request, lower-cased as PostgreSQL prints it).
append_context fresh_context(const std::vector<append_request>& batch, std::string previous_hash = "") {
  append_context c;
  c.recorded_at = at;
  c.previous_hash = std::move(previous_hash);
  int ord = 0;
  for (auto& request : batch)
    for (auto& stream : request.streams)
      for (auto& e : stream.events) {
        c.texts[ord] = {"{\"n\": 1}", "{}", "canonical-" + e.event_id};
        c.positions.push_back(101 + ord++);
      }
  return c;
}

TEST(append_decision, writes_new_streams_with_positions_in_batch_order_and_chains_the_hashes) {
  std::vector<append_request> batch = {single("s-1", expected::no_stream, {event("a"), event("b", "Other")}),
                                       single("s-2", expected::no_stream, {event("c")})};
  auto plan = decide_append(batch, fresh_context(batch, "previous"));

  ASSERT_EQ(plan.results.size(), 2u);
  EXPECT_EQ(plan.results[0].status, append_status::ok);
  EXPECT_EQ(plan.results[0].new_versions, std::vector<std::int64_t>{2});
  EXPECT_EQ(plan.results[0].last_position, 102);
  EXPECT_EQ(plan.results[1].new_versions, std::vector<std::int64_t>{1});
  EXPECT_EQ(plan.results[1].last_position, 103);
  EXPECT_FALSE(plan.results[0].duplicate);

  ASSERT_EQ(plan.rows.size(), 3u);
  EXPECT_EQ(*plan.rows[1].stream_id, "s-1");
  EXPECT_EQ(plan.rows[1].event->event_id, "b");
  EXPECT_EQ(plan.rows[1].version, 2);
  EXPECT_EQ(plan.rows[2].position, 103);
  // Each link covers the one before and the event's canonical fields.
  auto h1 = chain_hash("previous", 101, "s-1", 1, "canonical-a", "Tested", "{\"n\": 1}", "{}", at);
  auto h2 = chain_hash(h1, 102, "s-1", 2, "canonical-b", "Other", "{\"n\": 1}", "{}", at);
  auto h3 = chain_hash(h2, 103, "s-2", 1, "canonical-c", "Tested", "{\"n\": 1}", "{}", at);
  EXPECT_EQ(plan.rows[0].hash, h1);
  EXPECT_EQ(plan.rows[1].hash, h2);
  EXPECT_EQ(plan.rows[2].hash, h3);
  EXPECT_EQ(plan.head_hash, h3);
  EXPECT_EQ(plan.last_position, 103);
}

TEST(append_decision, the_first_link_of_the_log_has_no_previous_hash) {
  std::vector<append_request> batch = {single("s-1", expected::no_stream, {event("a")})};
  auto plan = decide_append(batch, fresh_context(batch));
  EXPECT_EQ(plan.head_hash, chain_hash("", 101, "s-1", 1, "canonical-a", "Tested", "{\"n\": 1}", "{}", at));
}

TEST(append_decision, a_stream_at_another_version_is_a_conflict_that_takes_no_position) {
  std::vector<append_request> batch = {single("s-1", 0, {event("a")}), single("s-2", expected::any, {event("b")})};
  auto context = fresh_context(batch);
  context.versions["s-1"] = 2;
  context.versions["s-2"] = 7;
  auto plan = decide_append(batch, context);

  EXPECT_EQ(plan.results[0].status, append_status::conflict);
  EXPECT_EQ(plan.results[0].message, "s-1 is at version 2, expected 0");
  EXPECT_TRUE(plan.results[0].new_versions.empty());
  EXPECT_EQ(plan.results[1].status, append_status::ok);
  EXPECT_EQ(plan.results[1].new_versions, std::vector<std::int64_t>{8});
  // The positions are handed out in order to what is written: the conflict used none.
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.rows[0].position, 101);
  EXPECT_EQ(plan.rows[0].event->event_id, "b");
}

TEST(append_decision, a_request_sees_the_versions_the_requests_before_it_wrote) {
  std::vector<append_request> batch = {single("s-1", expected::no_stream, {event("a")}), single("s-1", 1, {event("b")}),
                                       single("s-1", 1, {event("c")})};
  auto plan = decide_append(batch, fresh_context(batch));
  EXPECT_EQ(plan.results[0].status, append_status::ok);
  EXPECT_EQ(plan.results[1].status, append_status::ok);
  EXPECT_EQ(plan.results[1].new_versions, std::vector<std::int64_t>{2});
  EXPECT_EQ(plan.results[2].status, append_status::conflict);
  EXPECT_EQ(plan.results[2].message, "s-1 is at version 2, expected 1");
  ASSERT_EQ(plan.rows.size(), 2u);
  // "b" is the second event of the batch: its text is ord 1's, its position the second drawn.
  EXPECT_EQ(plan.rows[1].position, 102);
}

TEST(append_decision, a_request_whose_every_id_is_known_gets_its_original_result) {
  std::vector<append_request> batch = {
      append_request{{stream_append{"s-1", 0, {event("a"), event("b")}}, stream_append{"s-2", 0, {event("c")}}}}};
  append_context context;
  context.recorded_at = at;
  context.versions = {{"s-1", 5}, {"s-2", 1}};
  context.known = {{"a", {"s-1", 1, 40}}, {"b", {"s-1", 2, 41}}, {"c", {"s-2", 1, 39}}};
  auto plan = decide_append(batch, context);
  EXPECT_EQ(plan.results[0].status, append_status::ok);
  EXPECT_TRUE(plan.results[0].duplicate);
  EXPECT_EQ(plan.results[0].new_versions, (std::vector<std::int64_t>{2, 1}));
  EXPECT_EQ(plan.results[0].last_position, 41);
  EXPECT_TRUE(plan.rows.empty());
  EXPECT_EQ(plan.last_position, 0);
}

TEST(append_decision, some_known_ids_with_new_ones_are_a_conflict) {
  std::vector<append_request> batch = {single("s-1", expected::any, {event("a"), event("new")})};
  auto context = fresh_context(batch);
  context.known = {{"a", {"s-1", 1, 40}}};
  auto plan = decide_append(batch, context);
  EXPECT_EQ(plan.results[0].status, append_status::conflict);
  EXPECT_EQ(plan.results[0].message, "some of these event ids were already appended with other events");
  EXPECT_TRUE(plan.rows.empty());
}

TEST(append_decision, the_same_append_twice_in_a_batch_is_written_once_and_answered_twice) {
  std::vector<append_request> batch = {single("s-1", expected::no_stream, {event("a")}),
                                       single("s-1", expected::no_stream, {event("a")}),
                                       single("s-1", expected::any, {event("a"), event("z")})};
  auto plan = decide_append(batch, fresh_context(batch));
  ASSERT_EQ(plan.rows.size(), 1u);
  EXPECT_EQ(plan.results[1].status, append_status::ok);
  EXPECT_TRUE(plan.results[1].duplicate);
  EXPECT_EQ(plan.results[1].new_versions, plan.results[0].new_versions);
  EXPECT_EQ(plan.results[1].last_position, plan.results[0].last_position);
  EXPECT_FALSE(plan.results[0].duplicate);
  // Part of it repeated, part new: a conflict.
  EXPECT_EQ(plan.results[2].status, append_status::conflict);
}

TEST(append_decision, a_request_naming_no_stream_is_ok_and_writes_nothing) {
  std::vector<append_request> batch = {append_request{}};
  auto plan = decide_append(batch, fresh_context(batch));
  EXPECT_EQ(plan.results[0].status, append_status::ok);
  EXPECT_TRUE(plan.results[0].new_versions.empty());
  EXPECT_TRUE(plan.rows.empty());
}

TEST(append_decision, a_context_without_a_position_for_an_event_it_writes_is_an_error) {
  std::vector<append_request> batch = {single("s-1", expected::any, {event("a")})};
  auto context = fresh_context(batch);
  context.positions.clear();
  EXPECT_THROW(decide_append(batch, context), std::out_of_range);
}

}  // namespace
}  // namespace crm::eventlog
