// The API's reads answer valid JSON whatever text the log holds: a control character, a quote or
// a backslash in a sid, a message body or consent evidence comes back escaped. And the
// conversation list says whether a keyword stopped the number.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <string>

#include "domain/iso_time.hpp"
#include "domain/thread_decisions.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "projections/all_projections.hpp"
#include "projections/projector.hpp"
#include "queries/changes.hpp"
#include "queries/consent_history.hpp"
#include "queries/conversations_list.hpp"
#include "queries/message.hpp"
#include "queries/messages_list.hpp"
#include "support/test_database.hpp"

namespace crm::queries {
namespace {

namespace ev = domain::events;

void append(eventlog::event_store& store, const std::string& phone, const domain::thread_events& events) {
  eventlog::stream_append s{"thread-" + phone, eventlog::expected::any, {}};
  for (auto& e : domain::encode_all(events)) s.events.push_back({eventlog::random_uuid(), e.type, e.data, "{}"});
  ASSERT_EQ(store.append(eventlog::append_request{{s}}).status, eventlog::append_status::ok);
}

void project(const std::string& url) {
  projections::projector p(url, projections::all_projections());
  p.catch_up();
}

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str(), json.size());
  EXPECT_FALSE(d.HasParseError()) << json;
  if (!d.IsObject()) d.SetObject();
  return d;
}

rapidjson::Document parse_members(const std::string& members) { return parse("{" + members + "}"); }

std::string text_of(const rapidjson::Value& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : "<none>";
}

const std::string odd = std::string("line one\nline two \x01 \x1f \"quoted\" back\\slash\ttab");
const std::string odd_sid = std::string(
    "SM\x01"
    "ctl\n");

TEST(query_json, control_characters_from_the_log_come_back_escaped) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  const std::string phone = "+17605554001";
  ev::inbound_message_received in;
  in.message_id = odd_sid;
  in.sid = odd_sid;
  in.from = phone;
  in.to = "+15005550006";
  in.body = odd;
  in.received_at = "2026-11-25T18:00:00.000Z";
  ev::consent_granted granted;
  granted.phone = phone;
  granted.source = "agent";
  granted.text = odd;
  granted.at = "2026-11-25T18:00:01.000Z";
  append(store, phone, {in, granted});
  project(url);
  pqxx::connection c(url);

  auto changes = parse_members(changes_after_members(c, 0, 100));
  ASSERT_TRUE(changes["changes"].IsArray());
  bool found = false;
  for (auto& change : changes["changes"].GetArray())
    if (text_of(change["kind"]) == "message") found = found || text_of(change["messageId"]) == odd_sid;
  EXPECT_TRUE(found);

  auto history = parse_members(consent_history_members(c, phone));
  ASSERT_TRUE(history["events"].IsArray());
  ASSERT_EQ(history["events"].Size(), 1u);
  EXPECT_EQ(text_of(history["events"][0]["type"]), "ConsentGranted");
  EXPECT_EQ(text_of(history["events"][0]["text"]), odd);
  EXPECT_TRUE(history["events"][0]["position"].IsInt64());
  EXPECT_EQ(text_of(history["state"]), "opted_in");

  // What a caller passes is escaped too.
  auto strange = parse_members(consent_history_members(c, "+1\n\x01\""));
  EXPECT_EQ(text_of(strange["phoneNumber"]), "+1\n\x01\"");
  EXPECT_EQ(strange["events"].Size(), 0u);

  auto conversations = parse_members(list_conversations_members(c, "", 10, 0));
  ASSERT_EQ(conversations["conversations"].Size(), 1u);
  EXPECT_EQ(text_of(conversations["conversations"][0]["lastMessage"]["body"]), odd);

  auto messages = parse_members(list_messages_members(c, message_filter{"", phone, "", 10, 0}));
  ASSERT_EQ(messages["messages"].Size(), 1u);
  EXPECT_EQ(text_of(messages["messages"][0]["body"]), odd);

  auto message = find_message(c, odd_sid);
  ASSERT_TRUE(message);
  EXPECT_EQ(text_of(parse(*message)["twilioMessageSid"]), odd_sid);
}

TEST(query_json, the_conversation_list_says_whether_a_keyword_stopped_the_number) {
  auto url = testing::fresh_database();
  eventlog::event_store store(url);
  auto at = domain::parse_iso8601("2026-11-25T18:00:00Z").value();
  for (auto [phone, body] : {std::pair<std::string, std::string>{"+17605554002", "STOP"}, {"+17605554003", "hello"}}) {
    domain::thread_state thread;
    thread.phone = phone;
    domain::inbound_text text;
    text.sid = "SM" + eventlog::random_uuid().substr(0, 8);
    text.from = phone;
    text.to = "+15005550006";
    text.body = body;
    domain::keyword_replies replies;
    append(store, phone, domain::decide_inbound(thread, text, replies, at).events);
    at += std::chrono::minutes(1);
  }
  project(url);
  pqxx::connection c(url);

  auto list = parse_members(list_conversations_members(c, "", 10, 0));
  ASSERT_EQ(list["conversations"].Size(), 2u);
  auto& hello = list["conversations"][0];  // newest first
  auto& stopped = list["conversations"][1];
  EXPECT_EQ(text_of(stopped["phoneNumber"]), "+17605554002");
  ASSERT_TRUE(stopped["stoppedByKeyword"].IsBool());
  EXPECT_TRUE(stopped["stoppedByKeyword"].GetBool());
  EXPECT_EQ(text_of(stopped["optInStatus"]), "opted_out");
  ASSERT_TRUE(hello["stoppedByKeyword"].IsBool());
  EXPECT_FALSE(hello["stoppedByKeyword"].GetBool());

  // The search renders the same object.
  auto found = parse_members(list_conversations_members(c, "4002", 10, 0));
  ASSERT_EQ(found["conversations"].Size(), 1u);
  EXPECT_TRUE(found["conversations"][0]["stoppedByKeyword"].GetBool());
}

}  // namespace
}  // namespace crm::queries
