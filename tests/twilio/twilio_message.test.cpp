// Parsing Twilio's JSON: the OpenAPI description's own example, lists, errors.

#include <gtest/gtest.h>

#include "twilio/twilio_client.hpp"
#include "twilio/twilio_message.hpp"

namespace crm::twilio {
namespace {

// From twilio_api_v2010.json, Create Message example "create".
constexpr const char* openapi_example = R"({"account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "api_version": "2010-04-01", "body": "Hello! \ud83d\udc4d",
  "date_created": "Thu, 24 Aug 2023 05:01:45 +0000", "date_sent": "Thu, 24 Aug 2023 05:01:45 +0000",
  "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000", "direction": "outbound-api", "error_code": null,
  "error_message": null, "from": "+14155552345", "num_media": "0", "num_segments": "1", "price": null,
  "price_unit": null, "messaging_service_sid": "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "sid": "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "queued",
  "subresource_uris": {"media": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Media.json"},
  "to": "+14155552345", "uri": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json"})";

TEST(twilio_message, parses_the_openapi_example) {
  auto m = parse_twilio_message(openapi_example);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->sid, "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_EQ(m->account_sid, "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_EQ(m->messaging_service_sid, "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_EQ(m->status, "queued");
  EXPECT_EQ(m->direction, "outbound-api");
  EXPECT_EQ(m->body, "Hello! \xF0\x9F\x91\x8D");
  EXPECT_EQ(m->num_segments, 1);
  EXPECT_EQ(m->num_segments_text, "1");
  EXPECT_EQ(m->num_media, 0);
  EXPECT_FALSE(m->price.has_value());
  EXPECT_FALSE(m->error_code.has_value());
  EXPECT_EQ(m->date_created, "Thu, 24 Aug 2023 05:01:45 +0000");
  EXPECT_EQ(m->date_sent_at, time_point{std::chrono::seconds(1692853305)});
  EXPECT_EQ(m->media_uri.substr(m->media_uri.size() - 10), "Media.json");
}

TEST(twilio_message, parses_prices_error_codes_and_nulls) {
  auto m = parse_twilio_message(
      R"({"sid":"SM1","price":"-0.00790","error_code":30003,"error_message":"Unreachable",
          "num_segments":"3","num_media":"2","date_sent":null,"status":"undelivered"})");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->price, "-0.00790");
  EXPECT_EQ(m->error_code, 30003);
  EXPECT_EQ(m->num_segments, 3);
  EXPECT_EQ(m->num_media, 2);
  EXPECT_TRUE(m->date_sent.empty());
  EXPECT_FALSE(m->date_sent_at.has_value());
}

TEST(twilio_message, rejects_non_messages) {
  EXPECT_FALSE(parse_twilio_message("").has_value());
  EXPECT_FALSE(parse_twilio_message("[]").has_value());
  EXPECT_FALSE(parse_twilio_message(R"({"status":"queued"})").has_value());
  EXPECT_FALSE(parse_twilio_message("{\"sid\":").has_value());
}

TEST(twilio_message, parses_a_page) {
  std::string list =
      std::string(R"({"messages":[)") + openapi_example + "," + openapi_example +
      R"(],"page":1,"page_size":2,"next_page_uri":"/2010-04-01/Accounts/AC/Messages.json?Page=2&PageToken=PA1",
                     "previous_page_uri":null,"start":2,"end":3,"uri":"/x","first_page_uri":"/y"})";
  auto page = parse_message_page(list);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->messages.size(), 2u);
  EXPECT_EQ(page->page, 1);
  EXPECT_EQ(page->page_size, 2);
  EXPECT_EQ(page->next_page_uri, "/2010-04-01/Accounts/AC/Messages.json?Page=2&PageToken=PA1");
  auto last = parse_message_page(R"({"messages":[],"next_page_uri":null})");
  ASSERT_TRUE(last.has_value());
  EXPECT_FALSE(last->next_page_uri.has_value());
  EXPECT_FALSE(parse_message_page(R"({"messages":[{"no":"sid"}]})").has_value());
  EXPECT_FALSE(parse_message_page(R"({"page":0})").has_value());
}

TEST(twilio_error, parses_twilio_error_json_and_keeps_other_bodies) {
  auto e = parse_twilio_error(400, R"({"code": 21211, "message": "The 'To' number is not valid.",
      "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400})");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.code, 21211);
  EXPECT_EQ(e.message, "The 'To' number is not valid.");
  EXPECT_EQ(e.more_info, "https://www.twilio.com/docs/errors/21211");
  auto html = parse_twilio_error(502, "<html>Bad Gateway</html>");
  EXPECT_EQ(html.http_status, 502);
  EXPECT_FALSE(html.code.has_value());
  EXPECT_EQ(html.message, "<html>Bad Gateway</html>");
}

// A NUL or a malformed byte in what Twilio sends: PostgreSQL takes neither, and one such body
// failed a whole history import.
TEST(twilio_message, a_nul_or_a_malformed_byte_in_twilio_text_becomes_a_replacement_character) {
  auto m = parse_twilio_message("{\"sid\": \"SM1\", \"body\": \"a\\u0000b \xff\", \"error_message\": \"x\\u0000\"}");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->body,
            "a\xef\xbf\xbd"
            "b \xef\xbf\xbd");
  EXPECT_EQ(m->error_message, "x\xef\xbf\xbd");
}

}  // namespace
}  // namespace crm::twilio
