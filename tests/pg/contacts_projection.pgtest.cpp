// The contacts projection: a projector that stops and restarts produces exactly the rows a
// single uninterrupted replay produces.

#include <gtest/gtest.h>

#include "domain/contact.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "support/test_database.hpp"
#include "projections/all_projections.hpp"
#include "projections/contacts_query.hpp"
#include "projections/projector.hpp"

namespace crm::projections {
namespace {

using eventlog::append_request;

domain::actor_context context(int i) {
  domain::actor_context ctx;
  ctx.user_id = "agent-1";
  ctx.ip = "10.0.0." + std::to_string(i % 250);
  ctx.now = "2026-11-25T10:00:" + std::string(i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + ".000Z";
  return ctx;
}

void add(append_request& request, const std::string& stream, std::int64_t expected, const domain::domain_events& events) {
  eventlog::stream_append append{stream, expected, {}};
  for (auto& e : events) append.events.push_back({eventlog::random_uuid(), e.type, e.data, "{}"});
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
    for (auto& e : created.contact_events) domain::evolve(state, e.type, e.data);
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
  return tx.exec1("SELECT coalesce(string_agg(row(c.*)::text, E'\\n' ORDER BY id), '') FROM contacts_view c")[0].c_str();
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
    tx.exec0("DELETE FROM contacts_view");
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

}  // namespace
}  // namespace crm::projections
