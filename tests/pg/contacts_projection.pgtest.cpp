// The contacts projection: a projector that stops and restarts produces exactly the rows a
// single uninterrupted replay produces; a batch folded in memory leaves the rows (and counts)
// that applying its events one at a time leaves. The list's totals, searches and pages:
// contacts_list.pgtest.cpp.

#include <gtest/gtest.h>

#include "contact_history.hpp"
#include "domain/contact.hpp"
#include "domain/contact_document.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "projections/all_projections.hpp"
#include "projections/contacts_projection.hpp"
#include "projections/projector.hpp"
#include "queries/contacts_list.hpp"
#include "support/test_database.hpp"

namespace crm::projections {
namespace {

using namespace contacts_test;
using eventlog::append_request;
using queries::contact_filter;
using queries::list_contacts_members;

template <class Events>
void add(append_request& request, const std::string& stream, std::int64_t expected, const Events& typed) {
  eventlog::stream_append append{stream, expected, {}};
  for (auto& e : domain::encode_all(typed)) append.events.push_back({eventlog::random_uuid(), e.type, e.data, "{}"});
  if (!append.events.empty()) request.streams.push_back(append);
}

// Creates `count` contacts, updates every third, deletes every fifth: events as the actors append them.
void write_history(eventlog::event_store& store, int first, int count) {
  for (int i = first; i < first + count; ++i) {
    auto id = eventlog::random_uuid();
    auto phone = "+1760555" + std::to_string(1000 + i);
    domain::contact_fields fields;
    fields.json = "{\"firstName\":\"F" + std::to_string(i) + "\",\"lastName\":\"L\",\"phone\":\"" + phone +
                  "\",\"status\":\"new\",\"tags\":[\"t" + std::to_string(i % 3) + "\"]}";
    fields.phone = phone;
    fields.sms_opt_in = i % 2 == 0;
    auto created = domain::decide_create(id, fields, context(i));
    append_request request;
    add(request, "contact-" + id, 0, created.contact_events);
    add(request, "thread-" + phone, 0, created.thread_events);
    ASSERT_EQ(store.append(request).status, eventlog::append_status::ok);
    domain::contact_state state;
    for (auto& e : created.contact_events) domain::evolve(state, e);
    if (i % 3 == 0) {
      domain::contact_fields change;
      change.json = "{\"status\":\"qualified\",\"address\":{\"city\":\"Vista\"}}";
      auto updated = domain::decide_update(state, change, context(i + 1));
      append_request u;
      add(u, "contact-" + id, 1, updated.contact_events);
      ASSERT_EQ(store.append(u).status, eventlog::append_status::ok);
    }
    if (i % 5 == 0) {
      auto deleted = domain::decide_delete(state, context(i + 2));
      append_request d;
      add(d, "contact-" + id, eventlog::expected::any, deleted.contact_events);
      add(d, "thread-" + phone, eventlog::expected::any, deleted.thread_events);
      ASSERT_EQ(store.append(d).status, eventlog::append_status::ok);
    }
  }
}

std::string all_rows(const std::string& url) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  return tx.exec1("SELECT coalesce(string_agg(row(c.*)::text, E'\\n' ORDER BY id), '') FROM contacts_view c")[0]
      .c_str();
}

TEST(contacts_projection, a_restarted_projector_builds_the_same_rows_as_one_replay) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  write_history(store, 0, 60);
  {
    projector first(url, all_projections());
    first.catch_up();
  }
  write_history(store, 60, 60);
  {
    projector resumed(url, all_projections());  // resumes from its checkpoint
    EXPECT_EQ(resumed.catch_up(), store.head_position());
  }
  auto incremental = all_rows(url);
  {
    pqxx::connection c(url);
    pqxx::work tx(c);
    for (auto& table : contacts_projection().tables()) tx.exec0("DELETE FROM " + table);
    tx.exec0("UPDATE projection_checkpoints SET position = 0");
    tx.commit();
  }
  projector replay(url, all_projections());
  replay.catch_up();
  EXPECT_EQ(all_rows(url), incremental);
  EXPECT_NE(incremental.find("qualified"), std::string::npos);

  pqxx::connection c(url);
  contact_filter live;
  live.limit = 500;
  auto listed = list_contacts_members(c, live);
  EXPECT_NE(listed.find("\"total\":96"), std::string::npos) << listed;  // 120 created, 24 deleted
  contact_filter opted_in;
  opted_in.sms_opt_in = true;
  EXPECT_NE(list_contacts_members(c, opted_in).find("\"total\":48"), std::string::npos);
  contact_filter digits;
  digits.search = "(760) 555-1007";
  EXPECT_NE(list_contacts_members(c, digits).find("\"total\":1"), std::string::npos);
}

std::string counts_of(const std::string& url) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  return tx
      .exec1(
          "SELECT coalesce(string_agg(row(k.*)::text, E'\\n' ORDER BY tag, status, sms_opt_in), '') "
          "FROM contact_counts k")[0]
      .c_str();
}

// The counts as the migration computes them from the rows: what contact_counts must always equal.
std::string recounted(const std::string& url) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  return tx
      .exec1(
          "SELECT coalesce(string_agg(row(k.*)::text, E'\\n' ORDER BY tag, status, sms_opt_in), '') FROM ("
          "SELECT tag, status, sms_opt_in, count(*) AS contacts FROM ("
          "SELECT '' AS tag, status, sms_opt_in FROM contacts_view UNION ALL "
          "SELECT t.tag, c.status, c.sms_opt_in FROM contacts_view c, "
          "LATERAL (SELECT DISTINCT u AS tag FROM unnest(c.tags) u WHERE u <> '') t) x "
          "GROUP BY 1, 2, 3) k")[0]
      .c_str();
}

// The suffix index as it is, and as the rows say it must be.
std::pair<std::string, std::string> suffixes_and_expected(const std::string& url) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  const char* order = " ORDER BY suffix, contact_id, created_at";
  std::string actual =
      tx.exec1(std::string("SELECT coalesce(string_agg(suffix || ' ' || contact_id || ' ' || created_at, E'\\n'") +
               order + "), '') FROM contact_phone_suffixes")[0]
          .c_str();
  std::string expected =
      tx.exec1(std::string("SELECT coalesce(string_agg(suffix || ' ' || contact_id || ' ' || created_at, E'\\n'") +
               order +
               "), '') FROM (SELECT x.suffix, c.id AS contact_id, c.created_at FROM contacts_view c, "
               "contact_phone_suffixes_of(c.phone_digits) AS x(suffix)) e")[0]
          .c_str();
  return {actual, expected};
}

TEST(contacts_projection, a_folded_batch_leaves_the_rows_and_counts_one_event_at_a_time_leaves) {
  history_writer history(600);
  auto one_by_one = testing::fresh_database();
  project_in_batches(one_by_one, history.events, 1);
  auto expected_rows = all_rows(one_by_one);
  {
    // The history reaches the cases it is for: keywords landing on contacts, agents opting out.
    pqxx::connection c(one_by_one);
    pqxx::read_transaction tx(c);
    EXPECT_GT(
        tx.exec1("SELECT count(*) FROM contacts_view WHERE doc->'consent'->>'consentSource' = 'keyword'")[0].as<int>(),
        0);
    EXPECT_GT(
        tx.exec1("SELECT count(*) FROM contacts_view WHERE doc->'consent'->>'revokedSource' = 'agent'")[0].as<int>(),
        0);
    EXPECT_GT(tx.exec1("SELECT count(*) FROM contacts_view")[0].as<int>(), 5);
  }
  EXPECT_EQ(counts_of(one_by_one), recounted(one_by_one));
  auto [suffixes, expected_suffixes] = suffixes_and_expected(one_by_one);
  EXPECT_NE(suffixes, "");
  EXPECT_EQ(suffixes, expected_suffixes);
  for (size_t size : {7, 50, 2000}) {
    auto batched = testing::fresh_database();
    project_in_batches(batched, history.events, size);
    EXPECT_EQ(all_rows(batched), expected_rows) << "batches of " << size;
    EXPECT_EQ(counts_of(batched), counts_of(one_by_one)) << "batches of " << size;
    EXPECT_EQ(suffixes_and_expected(batched).first, suffixes) << "batches of " << size;
  }
}

TEST(contacts_projection, a_created_contact_document_is_the_row_the_projection_writes) {
  auto url = testing::fresh_database();
  domain::contact_fields fields;
  fields.json =
      "{\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"phone\":\"+17605550142\",\"tags\":[\"buyer\"],"
      "\"address\":{\"city\":\"Vista\"},\"preferences\":{\"smsOptIn\":true,\"emailOptIn\":true}}";
  fields.phone = "+17605550142";
  fields.sms_opt_in = true;
  auto id = eventlog::random_uuid();
  auto decision = domain::decide_create(id, fields, context(7));
  auto events = domain::encode_all(decision.contact_events);
  auto thread_events = domain::encode_all(decision.thread_events);
  events.insert(events.end(), thread_events.begin(), thread_events.end());
  auto document = domain::created_contact_document(decision);
  ASSERT_NE(document, "");
  eventlog::event_list recorded;
  for (auto& e : events) {
    eventlog::recorded_event r;
    r.type = e.type;
    r.data = e.data;
    recorded.push_back(r);
  }
  project_in_batches(url, recorded, 10);
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  EXPECT_TRUE(
      tx.exec_params1("SELECT doc = $2::jsonb FROM contacts_view WHERE id = $1::uuid", id, document)[0].as<bool>())
      << document;
  EXPECT_NE(document.find("\"consentIp\":\"10.0.0.7\""), std::string::npos) << document;
}

}  // namespace
}  // namespace crm::projections
