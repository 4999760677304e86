// The event codec: every event reads back as it was written, writes the bytes the log already
// holds, and an event that does not read is an error naming where it is, never a default.

#include <gtest/gtest.h>

#include "domain/contact_events.hpp"
#include "domain/thread_events.hpp"

namespace crm::domain {
namespace {

// As the log of a running server holds them (written before the codec existed).
constexpr const char* logged_inbound =
    R"({"messageId":"SM1","sid":"SM1","from":"+17605550101","to":"+17605550000","body":"hi","mediaUrls":[],)"
    R"("mediaTypes":[],"numSegments":1,"numMedia":0,"fromState":"CA","contactId":"c1",)"
    R"("receivedAt":"2026-07-01T17:00:00.000Z"})";
constexpr const char* logged_failed =
    R"({"messageId":"m1","status":"failed","errorCode":null,"errorMessage":"timeout","at":"2026-07-01T17:00:00.000Z"})";
constexpr const char* logged_checkbox_grant =
    R"({"phone":"+17605550101","source":"checkbox","contactId":"c1","agentId":"u1","agentEmail":"a@b.c",)"
    R"("ip":"10.0.0.1","userAgent":"UA","wordingVersion":"v1","wording":"I agree","at":"2026-07-01T17:00:00.000Z"})";

TEST(event_codec, an_event_from_the_log_writes_the_same_bytes) {
  for (auto [type, data] :
       {std::pair{"InboundMessageReceived", logged_inbound}, std::pair{"MessageSendFailed", logged_failed},
        std::pair{"ConsentGranted", logged_checkbox_grant}}) {
    auto event = decode_thread_event(type, data, 7);
    ASSERT_TRUE(event) << type;
    auto encoded = encode(*event);
    EXPECT_EQ(encoded.type, type);
    EXPECT_EQ(encoded.data, data);
  }
}

TEST(event_codec, fields_read_into_their_members) {
  auto event = decode_thread_event("InboundMessageReceived", logged_inbound);
  auto& inbound = std::get<events::inbound_message_received>(*event);
  EXPECT_EQ(inbound.sid, "SM1");
  EXPECT_EQ(inbound.num_segments, 1);
  EXPECT_EQ(inbound.from_state, "CA");
  EXPECT_FALSE(inbound.from_city);  // optional and absent
  EXPECT_FALSE(inbound.foreign_to);
  auto failed = std::get<events::message_send_failed>(*decode_thread_event("MessageSendFailed", logged_failed));
  EXPECT_FALSE(failed.error_code);  // nullable, written as null
  EXPECT_EQ(failed.error_message, "timeout");
}

TEST(event_codec, optional_members_are_written_only_when_set_and_nullable_ones_always) {
  events::message_send_failed failed{"m1", "failed", std::nullopt, "timeout", "2026-07-01T17:00:00.000Z"};
  EXPECT_EQ(event_json(failed), logged_failed);
  failed.error_code = 30003;
  EXPECT_NE(event_json(failed).find(R"("errorCode":30003)"), std::string::npos);
  events::consent_revoked revoked;
  revoked.phone = "+17605550101";
  revoked.source = "agent";
  revoked.at = "2026-07-01T17:00:00.000Z";
  EXPECT_EQ(event_json(revoked), R"({"phone":"+17605550101","source":"agent","at":"2026-07-01T17:00:00.000Z"})");
}

TEST(event_codec, a_missing_required_field_is_an_error_naming_the_event_and_its_position) {
  try {
    decode_thread_event("MessageSendFailed", R"({"messageId":"m1","status":"failed","at":"x"})", 42);
    FAIL() << "decoded an event without errorMessage";
  } catch (const malformed_event& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("MessageSendFailed"), std::string::npos) << what;
    EXPECT_NE(what.find("position 42"), std::string::npos) << what;
    EXPECT_NE(what.find("'errorMessage' is missing"), std::string::npos) << what;
  }
}

TEST(event_codec, a_field_of_the_wrong_type_or_data_that_is_not_an_object_is_an_error) {
  EXPECT_THROW(decode_thread_event("ThreadRead", R"({"phone":"+1","by":7,"at":"x"})", 3), malformed_event);
  EXPECT_THROW(decode_thread_event("ThreadRead", R"(["phone"])", 3), malformed_event);
  EXPECT_THROW(decode_thread_event("ThreadRead", "not json", 3), malformed_event);
  EXPECT_THROW(decode_contact_event("ContactCreated", R"({"contactId":"c1","contact":"text"})", 3), malformed_event);
}

TEST(event_codec, another_streams_type_is_none_of_this_streams_events) {
  EXPECT_FALSE(decode_thread_event("ContactCreated", R"({"contactId":"c1","contact":{}})"));
  EXPECT_FALSE(decode_contact_event("ThreadRead", R"({"phone":"+1","by":"u","at":"x"})"));
  EXPECT_FALSE(decode_thread_event("BenchEventAppended", "{}"));
}

TEST(event_codec, members_the_struct_does_not_list_are_ignored) {
  auto event = decode_thread_event("ThreadRead", R"({"phone":"+1","by":"u","at":"x","later":"field"})");
  ASSERT_TRUE(event);
  EXPECT_EQ(std::get<events::thread_read>(*event).by, "u");
}

TEST(event_codec, a_contact_document_is_kept_as_its_json) {
  constexpr const char* logged = R"({"contactId":"c1","contact":{"firstName":"Ann","address":{"city":"Vista"}}})";
  auto event = decode_contact_event("ContactCreated", logged);
  ASSERT_TRUE(event);
  EXPECT_EQ(std::get<events::contact_created>(*event).contact.text,
            R"({"firstName":"Ann","address":{"city":"Vista"}})");
  EXPECT_EQ(encode(*event).data, logged);
}

}  // namespace
}  // namespace crm::domain
