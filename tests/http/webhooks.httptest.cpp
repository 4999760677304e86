// Texts coming in through Twilio's webhook against the real crmd, PostgreSQL and the Twilio
// simulator: signatures and accounts, deduplication of retries, keywords (STOP, START, HELP)
// and whatever bytes and media fields Twilio sends.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "http/messaging_api.hpp"
#include "http/messaging_steps.hpp"

namespace crm::testing {
namespace {

TEST_F(messaging_api, a_signed_webhook_of_another_account_is_403_and_stores_nothing) {
  auto sid = new_sid();
  twilio::form_params form = {{"MessageSid", sid},
                              {"AccountSid", "AC99999999999999999999999999999999"},
                              {"From", "+17605551021"},
                              {"To", crm_server::crm_number},
                              {"Body", "not yours"}};
  auto refused = post_signed(*server, "/api/crm/sms/webhook", form);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json_string(refused.body, "code"), "account_mismatch");
  form.erase(std::remove_if(form.begin(), form.end(), [](auto& p) { return p.first == "AccountSid"; }), form.end());
  EXPECT_EQ(post_signed(*server, "/api/crm/sms/webhook", form).status, 403) << "no AccountSid at all";
  auto list = api().request("GET", "/api/crm/sms/messages?phoneNumber=%2B17605551021");
  EXPECT_EQ(json_number(list.body, "pagination/total"), 0);
}

TEST_F(messaging_api, a_text_to_a_number_that_is_not_ours_is_kept_and_marked) {
  auto sid = new_sid();
  twilio::form_params form = {{"MessageSid", sid},
                              {"AccountSid", crm_server::account_sid},
                              {"From", "+17605551022"},
                              {"To", "+15005550999"},
                              {"Body", "which agent is this?"}};
  ASSERT_EQ(post_signed(*server, "/api/crm/sms/webhook", form).status, 200);
  ASSERT_EQ(text_in(*server, "+17605551022", "and this one is to you").status, 200);
  http_response list;
  EXPECT_TRUE(eventually([&] {
    list = api().request("GET", "/api/crm/sms/messages?phoneNumber=%2B17605551022");
    return json_number(list.body, "pagination/total") == 2;
  }));
  EXPECT_EQ(list.body.find("\"foreignTo\": true"), list.body.rfind("\"foreignTo\": true"))
      << "exactly one: " << list.body;
  EXPECT_NE(list.body.find("\"foreignTo\": true"), std::string::npos) << list.body;
  EXPECT_NE(list.body.find("\"foreignTo\": false"), std::string::npos) << list.body;
}

TEST_F(messaging_api, a_forged_or_missing_signature_is_403_and_stores_nothing) {
  twilio::form_params form = {{"MessageSid", new_sid()},
                              {"From", "+17605551020"},
                              {"To", crm_server::crm_number},
                              {"Body", "forged"},
                              {"NumMedia", "0"}};
  EXPECT_EQ(post_signed(*server, "/api/crm/sms/webhook", form, "bm90IGEgc2lnbmF0dXJl").status, 403);
  http_client raw(server->base_url());
  EXPECT_EQ(
      raw.request("POST", "/api/crm/sms/webhook", twilio::encode_form(form), {}, "application/x-www-form-urlencoded")
          .status,
      403);
  EXPECT_EQ(post_signed(*server, "/api/crm/sms/status", {{"MessageSid", "SMx"}, {"MessageStatus", "delivered"}}, "AAAA")
                .status,
            403);
  auto list = api().request("GET", "/api/crm/sms/messages?phoneNumber=%2B17605551020");
  EXPECT_EQ(json_number(list.body, "pagination/total"), 0);
}

TEST_F(messaging_api, a_retried_webhook_answers_the_same_and_stores_one_message) {
  auto sid = new_sid();
  auto first = text_in(*server, "+17605551030", "Is the house on Elm still available?", sid);
  auto second = text_in(*server, "+17605551030", "Is the house on Elm still available?", sid);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(first.body, second.body);
  EXPECT_NE(first.headers["content-type"].find("text/xml"), std::string::npos);
  auto list = api().request("GET", "/api/crm/sms/messages?phoneNumber=%2B17605551030");
  EXPECT_EQ(json_number(list.body, "pagination/total"), 1);
  EXPECT_EQ(json_string(list.body, "messages/0/direction"), "inbound");
}

TEST_F(messaging_api, stop_in_any_case_or_padding_blocks_the_next_send_and_start_restores_it) {
  const std::vector<std::string> stops = {"stop", " STOP ", "Stop.", "unsubscribe"};
  for (size_t i = 0; i < stops.size(); ++i) {
    auto phone = "+1760555104" + std::to_string(i);
    make_contact(*server, phone, true);
    ASSERT_EQ(send(phone, "Before").status, 200);
    ASSERT_EQ(text_in(*server, phone, stops[i]).status, 200);
    auto blocked = send(phone, "After");
    EXPECT_EQ(blocked.status, 403) << stops[i];
    EXPECT_EQ(json_string(blocked.body, "code"), "opted_out") << stops[i];
  }
  make_contact(*server, "+17605551050", true);
  // Not a keyword, so not an opt-out; but it reads as one (possible_opt_out.httptest.cpp).
  ASSERT_EQ(text_in(*server, "+17605551050", "Stop please").status, 200);
  EXPECT_EQ(json_string(send("+17605551050", "Still fine").body, "code"), "possible_opt_out");

  ASSERT_EQ(text_in(*server, "+17605551040", "START").status, 200);
  EXPECT_EQ(send("+17605551040", "Welcome back").status, 200);
  // A STOP from a number with no contact still blocks it.
  ASSERT_EQ(text_in(*server, "+17605551059", "STOP").status, 200);
  EXPECT_EQ(json_string(send("+17605551059", "Hi").body, "code"), "opted_out");
}

TEST_F(messaging_api, help_is_answered_in_twiml_and_the_answer_is_in_the_thread) {
  auto r = text_in(*server, "+17605551060", "help");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<Message>"), std::string::npos) << r.body;
  http_response list;
  EXPECT_TRUE(eventually([&] {
    list = api().request("GET", "/api/crm/sms/messages?phoneNumber=%2B17605551060");
    return json_number(list.body, "pagination/total") == 2;
  })) << list.body;
  EXPECT_EQ(json_string(list.body, "messages/1/direction"), "outbound");
  EXPECT_EQ(json_string(list.body, "messages/1/sentBy"), "auto-reply");
  EXPECT_EQ(json_string(list.body, "messages/1/status"), "accepted");
  EXPECT_NE(r.body.find(json_string(list.body, "messages/1/body").substr(0, 20)), std::string::npos);
}

// Twilio's text is kept whatever it holds; PostgreSQL refused a NUL or a malformed byte, so the
// webhook failed on every retry and the text was never recorded.
TEST_F(messaging_api, an_inbound_text_with_a_nul_or_a_malformed_byte_is_kept_with_replacement_characters) {
  auto sid = new_sid();
  auto r = text_in(*server, "+17605551096", std::string("Hi\0there \xff!", 11), sid);
  ASSERT_EQ(r.status, 200) << r.body;
  auto listed = api().request("GET", "/api/crm/sms/messages?phoneNumber=%2B17605551096");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(json_string(listed.body, "messages/0/body"),
            "Hi\xef\xbf\xbd"
            "there \xef\xbf\xbd!")
      << listed.body;
  EXPECT_EQ(json_string(listed.body, "messages/0/twilioMessageSid"), sid);
}

// The media are the MediaUrlN fields Twilio sent, whatever NumMedia says.
TEST_F(messaging_api, inbound_media_are_the_fields_sent_whatever_num_media_says) {
  auto check = [&](const std::string& from, const std::string& num_media) {
    auto sid = new_sid();
    twilio::form_params form = {{"MessageSid", sid},
                                {"AccountSid", crm_server::account_sid},
                                {"From", from},
                                {"To", crm_server::crm_number},
                                {"Body", "pic"},
                                {"NumMedia", num_media},
                                {"MediaUrl0", "https://api.twilio.com/media/ME1"},
                                {"MediaContentType0", "image/jpeg"},
                                {"NumSegments", "1"},
                                {"SmsStatus", "received"},
                                {"ApiVersion", "2010-04-01"}};
    ASSERT_EQ(post_signed(*server, "/api/crm/sms/webhook", form).status, 200);
    EXPECT_TRUE(eventually([&] { return !message_status(*server, from, sid).empty(); }));
    rapidjson::Document d;
    auto listed = api().request("GET", "/api/crm/sms/messages?phoneNumber=" + twilio::form_encode_component(from)).body;
    d.Parse(listed.c_str());
    ASSERT_TRUE(d.IsObject() && d["messages"].IsArray() && d["messages"].Size() == 1) << listed;
    auto& media = d["messages"][0]["mediaUrls"];
    ASSERT_TRUE(media.IsArray() && media.Size() == 1) << num_media << ": " << listed;
    EXPECT_EQ(std::string(media[0].GetString()), "https://api.twilio.com/media/ME1");
  };
  check("+17605551111", "2");            // stored an empty second URL
  check("+17605551112", "0");            // dropped the URL
  check("+17605551113", "99999999999");  // stored nine empty URLs
}

}  // namespace
}  // namespace crm::testing
