// crmctl rebuild and projections: a rebuilt read model equals the live one (row for row, index
// names kept), a drifted live model is reported and replaced, and a rebuild while events are
// appended and projected still ends equal to a replay of the log.

#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "domain/contact.hpp"
#include "domain/iso_time.hpp"
#include "domain/thread_decisions.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "projections/all_projections.hpp"
#include "projections/projector.hpp"
#include "support/crmctl_runner.hpp"
#include "support/test_database.hpp"

namespace crm::cli {
namespace {

using testing::command_result;
using testing::crmctl;

template <class Events>
void append(eventlog::event_store& store, const std::string& stream, const Events& typed) {
  eventlog::append_request request;
  eventlog::stream_append s{stream, eventlog::expected::any, {}};
  for (auto& e : domain::encode_all(typed)) s.events.push_back({eventlog::random_uuid(), e.type, e.data, "{}"});
  request.streams.push_back(s);
  ASSERT_EQ(store.append(request).status, eventlog::append_status::ok);
}

// Contacts (half opted in), texts in and out with Twilio's answers and callbacks.
void write_history(eventlog::event_store& store, int first, int count) {
  auto now = *domain::parse_iso8601("2026-06-01T15:00:00Z");
  for (int i = first; i < first + count; ++i) {
    now += std::chrono::seconds(61);
    auto phone = "+1760556" + std::to_string(1000 + i);
    domain::thread_state thread;
    thread.phone = phone;
    auto record = [&](const domain::thread_events& events) {
      append(store, "thread-" + phone, events);
      for (auto& e : events) domain::evolve(thread, e);
    };
    domain::contact_fields fields;
    fields.json = "{\"firstName\":\"F" + std::to_string(i) + "\",\"lastName\":\"L\",\"phone\":\"" + phone + "\"}";
    fields.phone = phone;
    fields.sms_opt_in = i % 2 == 0;
    domain::actor_context ctx;
    ctx.user_id = "agent-1";
    ctx.now = domain::format_iso8601(now);
    auto id = eventlog::random_uuid();
    auto created = domain::decide_create(id, fields, ctx);
    append(store, "contact-" + id, created.contact_events);
    record(created.thread_events);
    domain::inbound_text text;
    text.sid = "SM" + std::to_string(i);
    text.from = phone;
    text.to = "+17605550000";
    text.body = i % 7 == 0 ? "STOP" : "hello";
    domain::keyword_replies replies;
    record(domain::decide_inbound(thread, text, replies, now).events);
    domain::outbound_request request;
    request.message_id = eventlog::random_uuid();
    request.to = phone;
    request.body = "hi " + std::to_string(i);
    auto decision = domain::decide_outbound(thread, request, now, domain::recipient_location{});
    record(decision.events);
    if (decision.refusal) continue;
    auto sid = "SMout" + std::to_string(i);
    record({domain::twilio_accepted(request.message_id, sid, "queued", 1, std::nullopt, "", "", now)});
    if (auto e = domain::decide_status(thread, sid, {"delivered", std::nullopt, ""}, now)) record({*e});
  }
}

std::string rows_of(const std::string& url) {
  pqxx::connection c(url);
  pqxx::read_transaction tx(c);
  std::string out;
  for (auto table : {"contacts_view", "messages_view", "conversations_view"})
    out += tx.exec(std::string("SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM ") + table +
                   " t")[0][0]
               .c_str();
  out += tx.exec1("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'")[0]
             .c_str();
  return out;
}

void project(const std::string& url) {
  projections::projector p(url, projections::all_projections());
  p.catch_up();
}

TEST(rebuild, a_rebuilt_model_equals_the_live_one) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  write_history(store, 0, 80);
  project(url);
  auto before = rows_of(url);
  auto result = crmctl(url, "rebuild --all");
  EXPECT_EQ(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("contacts: replayed"), std::string::npos) << result.output;
  EXPECT_EQ(rows_of(url), before);

  auto listed = crmctl(url, "projections");
  EXPECT_EQ(listed.status, 0) << listed.output;
  EXPECT_NE(listed.output.find("messages"), std::string::npos) << listed.output;
}

TEST(rebuild, a_drifted_live_model_is_reported_and_replaced) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  write_history(store, 0, 30);
  project(url);
  auto before = rows_of(url);
  {
    pqxx::connection c(url);
    pqxx::work tx(c);
    tx.exec("UPDATE conversations_view SET unread_count = unread_count + 5 WHERE phone = '+17605561003'");
    tx.commit();
  }
  auto compared = crmctl(url, "rebuild conversations --compare-only");
  EXPECT_EQ(compared.status, 1) << compared.output;
  EXPECT_NE(compared.output.find("2 row difference(s); not swapped"), std::string::npos) << compared.output;
  auto rebuilt = crmctl(url, "rebuild conversations");
  EXPECT_EQ(rebuilt.status, 1) << rebuilt.output;
  EXPECT_NE(rebuilt.output.find("swapped in"), std::string::npos) << rebuilt.output;
  EXPECT_EQ(rows_of(url), before);
  EXPECT_EQ(crmctl(url, "rebuild conversations").status, 0);
}

TEST(rebuild, rebuilding_while_events_are_appended_and_projected_ends_equal_to_a_replay) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  write_history(store, 0, 200);
  project(url);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    eventlog::event_store writes(url);
    projections::projector live(url, projections::all_projections());
    for (int i = 200; !stop; i += 5) {
      write_history(writes, i, 5);
      live.catch_up();
    }
    live.catch_up();
  });
  auto result = crmctl(url, "rebuild --all");
  stop = true;
  writer.join();
  EXPECT_EQ(result.status, 0) << result.output;
  project(url);
  auto check = crmctl(url, "rebuild --all --compare-only");
  EXPECT_EQ(check.status, 0) << check.output;
}

TEST(rebuild, usage_errors_are_exit_2) {
  EXPECT_EQ(crmctl("postgresql://127.0.0.1:1/x", "rebuild").status, 2);
  EXPECT_EQ(crmctl("postgresql://127.0.0.1:1/x", "rebuild nosuch").status, 2);
  EXPECT_EQ(crmctl("postgresql://127.0.0.1:1/x", "rebuild --all").status, 2);
  EXPECT_EQ(crmctl("postgresql://127.0.0.1:1/x", "projections").status, 2);
}

}  // namespace
}  // namespace crm::cli
