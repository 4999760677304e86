// Sending texts against the real crmd, PostgreSQL and the Twilio simulator: consent
// enforcement, delivery through callbacks (also out of order, and ahead of Twilio's answer),
// bulk sends and the checks of what a send may hold. Texts coming in: webhooks.httptest.cpp;
// Twilio failing: twilio_faults.httptest.cpp.

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include <rapidjson/document.h>

#include "http/messaging_api.hpp"
#include "http/messaging_steps.hpp"

namespace crm::testing {
namespace {

TEST_F(messaging_api, a_send_without_consent_is_refused_and_reaches_no_twilio_request) {
  make_contact(*server, "+17605551001", false);
  auto calls_before = simulator_create_calls(*server);
  auto r = send("+17605551001", "Hello");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(json_string(r.body, "code"), "no_consent");
  auto stranger = send("+17605551002", "Hello");  // no contact at all
  EXPECT_EQ(stranger.status, 403);
  EXPECT_EQ(json_string(stranger.body, "code"), "no_consent");
  EXPECT_EQ(simulator_create_calls(*server), calls_before);
  EXPECT_EQ(simulator_messages_to(*server, "+17605551001"), 0);
}

TEST_F(messaging_api, a_send_reaches_delivered_through_status_callbacks) {
  auto contact = make_contact(*server, "+17605551010", true);
  auto r = send("+17605551010", "Your showing is at 3pm");
  ASSERT_EQ(r.status, 200) << r.body;
  auto sid = json_string(r.body, "twilioMessageSid");
  EXPECT_EQ(sid.substr(0, 2), "SM");
  EXPECT_EQ(json_string(r.body, "message/to"), "+17605551010");
  EXPECT_TRUE(eventually([&] { return message_status(*server, "+17605551010", sid) == "delivered"; }));
  EXPECT_EQ(simulator_messages_to(*server, "+17605551010"), 1);
  auto fetched = api().request("GET", "/api/crm/sms/messages/" + sid + "/status");
  EXPECT_EQ(fetched.status, 200);
  EXPECT_EQ(json_string(fetched.body, "message/status"), "delivered");
  EXPECT_EQ(json_string(fetched.body, "message/contactId"), contact);  // kept through Twilio's answer
}

TEST_F(messaging_api, an_unreachable_handset_ends_undelivered_with_its_error_code) {
  make_contact(*server, "+17605550000", true);
  auto r = send("+17605550000", "Hello");
  ASSERT_EQ(r.status, 200) << r.body;
  auto sid = json_string(r.body, "twilioMessageSid");
  EXPECT_TRUE(eventually([&] { return message_status(*server, "+17605550000", sid) == "undelivered"; }));
  auto list = api().request("GET", "/api/crm/sms/messages?phoneNumber=%2B17605550000");
  EXPECT_EQ(json_number(list.body, "messages/0/errorCode"), 30003);
}

TEST_F(messaging_api, bulk_checks_each_recipient_on_its_own) {
  make_contact(*server, "+17605551080", true);
  make_contact(*server, "+17605551081", false);
  auto r = api().request(
      "POST", "/api/crm/sms/bulk",
      "{\"recipients\":[\"+17605551080\",\"+17605551081\",\"nope\"],\"body\":\"Open house Sunday\"}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("\"success\":true", r.body.find("+17605551080")) != std::string::npos, true);
  EXPECT_NE(r.body.find("no_consent"), std::string::npos);
  EXPECT_NE(r.body.find("invalid_phone"), std::string::npos);
  EXPECT_TRUE(eventually([&] { return simulator_messages_to(*server, "+17605551080") == 1; }));
  // One text per number, however often and in whatever spelling the list names it.
  make_contact(*server, "+17605551085", true);
  auto repeated = api().request(
      "POST", "/api/crm/sms/bulk",
      "{\"recipients\":[\"+17605551085\",\"760-555-1085\",\"(760) 555-1085\"],\"body\":\"Open house\"}");
  ASSERT_EQ(repeated.status, 200) << repeated.body;
  EXPECT_EQ(json_string(repeated.body, "results/1/code"), "duplicate_recipient") << repeated.body;
  EXPECT_EQ(json_string(repeated.body, "results/2/code"), "duplicate_recipient") << repeated.body;
  EXPECT_TRUE(eventually([&] { return simulator_messages_to(*server, "+17605551085") == 1; }));
  // A second text would come after the first: nothing to poll for, a duplicate is given 300 ms
  // to show up.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(simulator_messages_to(*server, "+17605551085"), 1);
  // A recipient that is not a string was skipped without a word; now the list is refused whole.
  auto calls_before = simulator_create_calls(*server);
  auto mixed = api().request("POST", "/api/crm/sms/bulk",
                             "{\"recipients\":[\"+17605551080\",5],\"body\":\"Open house\"}");
  EXPECT_EQ(mixed.status, 400) << mixed.body;
  EXPECT_EQ(json_string(mixed.body, "field"), "recipients");
  EXPECT_EQ(simulator_create_calls(*server), calls_before);
}

TEST_F(messaging_api, bad_send_input_is_a_400) {
  EXPECT_EQ(send("abc", "x").status, 400);
  EXPECT_EQ(api().request("POST", "/api/crm/sms/send", "{\"to\":\"+17605551090\"}").status, 400);
  EXPECT_EQ(api().request("POST", "/api/crm/sms/send", "{oops").status, 400);
  // Over Twilio's 1,600 characters: refused here, not by Twilio after the send was recorded.
  make_contact(*server, "+17605551091", true);
  auto calls_before = simulator_create_calls(*server);
  auto long_send = send("+17605551091", std::string(1601, 'a'));
  EXPECT_EQ(long_send.status, 400) << long_send.body;
  EXPECT_EQ(json_string(long_send.body, "code"), "too_long");
  auto long_bulk = api().request("POST", "/api/crm/sms/bulk",
                                 "{\"recipients\":[\"+17605551091\"],\"body\":\"" + std::string(1601, 'a') + "\"}");
  EXPECT_EQ(long_bulk.status, 400) << long_bulk.body;
  EXPECT_EQ(send("+17605551091", std::string(1600, 'a')).status, 200);
  EXPECT_EQ(simulator_create_calls(*server), calls_before + 1);
}

// The media URLs were recorded but never handed to Twilio: a picture went out as text only, and
// a picture without words was refused by Twilio (21602, no body).
TEST_F(messaging_api, media_urls_reach_twilio_and_a_picture_needs_no_words) {
  make_contact(*server, "+17605551097", true);
  auto with_words = api().request(
      "POST", "/api/crm/sms/send",
      "{\"to\":\"+17605551097\",\"body\":\"The kitchen\","
      "\"mediaUrls\":[\"https://example.com/kitchen.jpg\",\"https://example.com/yard.jpg\"]}");
  ASSERT_EQ(with_words.status, 200) << with_words.body;
  EXPECT_EQ(json_string(with_words.body, "twilioMessageSid").substr(0, 2), "MM");  // Twilio's prefix for media
  auto picture_only = api().request("POST", "/api/crm/sms/send",
                                    "{\"to\":\"+17605551097\",\"mediaUrls\":[\"https://example.com/porch.jpg\"]}");
  ASSERT_EQ(picture_only.status, 200) << picture_only.body;
  EXPECT_EQ(json_string(picture_only.body, "twilioMessageSid").substr(0, 2), "MM");

  http_client sim(server->simulator_url());
  rapidjson::Document d;
  auto listed = sim.request("GET", "/sim/messages").body;
  d.Parse(listed.c_str());
  ASSERT_TRUE(d.IsArray()) << listed;
  std::vector<std::string> media_counts;
  for (auto& m : d.GetArray())
    if (m["to"] == "+17605551097") media_counts.push_back(m["num_media"].GetString());
  std::sort(media_counts.begin(), media_counts.end());
  EXPECT_EQ(media_counts, (std::vector<std::string>{"1", "2"}));
}

TEST_F(messaging_api, media_urls_that_are_not_http_urls_and_a_contact_id_that_is_no_uuid_are_400s) {
  make_contact(*server, "+17605551098", true);
  auto calls_before = simulator_create_calls(*server);
  for (auto media : {"[\"not a url\"]", "\"https://example.com/a.jpg\"", "[1]", "[\"ftp://example.com/a.jpg\"]"}) {
    auto r = api().request("POST", "/api/crm/sms/send",
                           std::string("{\"to\":\"+17605551098\",\"body\":\"hi\",\"mediaUrls\":") + media + "}");
    EXPECT_EQ(r.status, 400) << media << " " << r.body;
    EXPECT_EQ(json_string(r.body, "field"), "mediaUrls") << media;
  }
  // Such a contactId, logged, would stop the read models for good (messaging_projections.pgtest.cpp).
  auto bad_contact = api().request("POST", "/api/crm/sms/send",
                                   "{\"to\":\"+17605551098\",\"body\":\"hi\",\"contactId\":\"nope\"}");
  EXPECT_EQ(bad_contact.status, 400) << bad_contact.body;
  EXPECT_EQ(json_string(bad_contact.body, "field"), "contactId");
  EXPECT_EQ(simulator_create_calls(*server), calls_before);
}

// Twilio's callbacks can beat its answer to the create request; the thread keeps them until the
// answer is recorded. Four held (the simulator's three and a repeat of "sent") must be applied in
// turn: applied at once they conflict with each other, and the text can stay "sent".
TEST_F(messaging_api, callbacks_that_beat_twilios_answer_are_applied_in_turn_and_end_delivered) {
  const std::string phone = "+17605551099";
  make_contact(*server, phone, true);
  http_client sim(server->simulator_url());
  ASSERT_EQ(sim.request("POST", "/sim/faults", "{\"create\":\"hang\",\"count\":1,\"hangMs\":1500}").status, 200);
  http_response sent;
  std::thread sender([&] { sent = send(phone, "Callbacks first"); });
  std::string sid;
  EXPECT_TRUE(eventually([&] {
    rapidjson::Document d;
    auto body = sim.request("GET", "/sim/messages").body;
    d.Parse(body.c_str());
    if (d.IsArray())
      for (auto& m : d.GetArray())
        if (m["to"] == phone.c_str()) sid = m["sid"].GetString();
    return !sid.empty();
  }));
  twilio::form_params callback = {{"MessageSid", sid},
                                  {"MessageStatus", "sent"},
                                  {"SmsStatus", "sent"},
                                  {"From", crm_server::crm_number},
                                  {"To", phone},
                                  {"AccountSid", crm_server::account_sid},
                                  {"ApiVersion", "2010-04-01"}};
  EXPECT_EQ(post_signed(*server, "/api/crm/sms/status", callback).status, 204);
  sender.join();
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(json_string(sent.body, "twilioMessageSid"), sid);
  EXPECT_TRUE(eventually([&] { return message_status(*server, phone, sid) == "delivered"; }))
      << message_status(*server, phone, sid);
  // The thread still answers (a first version of this fix ended its actor on the way).
  EXPECT_EQ(send(phone, "And another").status, 200);
}

// A contact moving to another number writes three streams (the contact's, the new number's, the
// old number's). Were the new number's thread to take the old number's version as its own, every
// later append to it would conflict: texts in (STOP too) would answer 503, sends 409.
TEST_F(messaging_api, a_number_a_contact_moved_to_takes_texts_stop_and_sends_at_once) {
  auto id = make_contact(*server, "+17605551101", true);
  text_in(*server, "+17605551102", "I have history here");  // the new number has a thread already
  auto moved = api().request("PUT", "/api/crm/contacts", "{\"_id\":\"" + id + "\",\"phone\":\"+17605551102\"}");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(text_in(*server, "+17605551102", "Thanks for the listing").status, 200);
  auto stop = text_in(*server, "+17605551102", "STOP");
  EXPECT_EQ(stop.status, 200) << stop.body;
  auto refused = send("+17605551102", "Open house Sunday");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(json_string(refused.body, "code"), "opted_out");
  // A move onto a number with no thread yet.
  auto other = make_contact(*server, "+17605551103", true);
  ASSERT_EQ(api().request("PUT", "/api/crm/contacts", "{\"_id\":\"" + other + "\",\"phone\":\"+17605551104\"}").status,
            200);
  EXPECT_EQ(text_in(*server, "+17605551104", "START").status, 200);
  EXPECT_EQ(send("+17605551104", "Welcome back").status, 200);
}

// After STOP, Twilio refuses every send (21610) until the handset texts START, YES or UNSTOP, so a
// box ticked again in between must not opt the number in: the send would fail at Twilio.
TEST_F(messaging_api, after_stop_a_ticked_box_keeps_the_number_opted_out_until_start) {
  const std::string phone = "+17605551105";
  auto id = make_contact(*server, phone, false);
  ASSERT_EQ(text_in(*server, phone, "STOP").status, 200);
  auto ticked = api().request("PUT", "/api/crm/contacts",
                              "{\"_id\":\"" + id + "\",\"preferences\":{\"smsOptIn\":true}}");
  ASSERT_EQ(ticked.status, 200) << ticked.body;
  auto calls_before = simulator_create_calls(*server);
  auto refused = send(phone, "Still there?");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(json_string(refused.body, "code"), "opted_out");
  EXPECT_EQ(json_string(api().request("GET", "/api/crm/consent/%2B17605551105").body, "state"), "opted_out");
  EXPECT_TRUE(eventually([&] {
    auto list = api().request("GET", "/api/crm/sms/conversations?search=7605551105").body;
    return json_string(list, "conversations/0/optInStatus") == "opted_out";
  }));
  EXPECT_EQ(simulator_create_calls(*server), calls_before);
  ASSERT_EQ(text_in(*server, phone, "Start").status, 200);
  EXPECT_EQ(send(phone, "Welcome back").status, 200);
  EXPECT_EQ(json_string(api().request("GET", "/api/crm/consent/%2B17605551105").body, "state"), "opted_in");
}

// A NUL in a JSON string can cut the body short on its way ("hi\u0000there" to Twilio as "hi").
TEST_F(messaging_api, a_body_that_cannot_be_stored_is_a_400_and_reaches_no_twilio_request) {
  make_contact(*server, "+17605551095", true);
  auto calls_before = simulator_create_calls(*server);
  auto nul = send("+17605551095", "hi\\u0000there");
  EXPECT_EQ(nul.status, 400) << nul.body;
  EXPECT_EQ(json_string(nul.body, "code"), "invalid_text");
  auto malformed = send("+17605551095", "hi \xc3 there");
  EXPECT_EQ(malformed.status, 400) << malformed.body;
  EXPECT_EQ(simulator_create_calls(*server), calls_before);
  EXPECT_EQ(simulator_messages_to(*server, "+17605551095"), 0);
}

// Callbacks arrive out of order: a simulator that plays no life of its own, and our own
// signed callbacks in the worst order.
TEST(status_callbacks, delivered_sent_delivered_sent_ends_delivered) {
  server_options options;
  options.simulator = true;
  options.callback_delay_ms = 600000;
  crm_server server(options);
  make_contact(server, "+17605552000", true);
  auto r = server.client().request("POST", "/api/crm/sms/send", "{\"to\":\"+17605552000\",\"body\":\"Hi\"}");
  ASSERT_EQ(r.status, 200) << r.body;
  auto sid = json_string(r.body, "twilioMessageSid");
  for (auto status : {"delivered", "sent", "delivered", "sent"}) {
    twilio::form_params form = {{"MessageSid", sid},
                                {"SmsSid", sid},
                                {"MessageStatus", status},
                                {"SmsStatus", status},
                                {"AccountSid", crm_server::account_sid},
                                {"From", crm_server::crm_number},
                                {"To", "+17605552000"},
                                {"ApiVersion", "2010-04-01"}};
    EXPECT_EQ(post_signed(server, "/api/crm/sms/status", form).status, 204);
  }
  EXPECT_TRUE(eventually([&] { return message_status(server, "+17605552000", sid) == "delivered"; }));
  // The late "sent" callbacks must not undo it: nothing to poll for, they are given 300 ms to.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(message_status(server, "+17605552000", sid), "delivered");

  // An ErrorCode that is no five-digit code is none (twenty digits were stored as -1).
  make_contact(server, "+17605552001", true);
  auto failed = server.client().request("POST", "/api/crm/sms/send", "{\"to\":\"+17605552001\",\"body\":\"Hi\"}");
  ASSERT_EQ(failed.status, 200) << failed.body;
  auto failed_sid = json_string(failed.body, "twilioMessageSid");
  twilio::form_params form = {{"MessageSid", failed_sid},
                              {"MessageStatus", "failed"},
                              {"ErrorCode", "99999999999999999999"},
                              {"AccountSid", crm_server::account_sid},
                              {"From", crm_server::crm_number},
                              {"To", "+17605552001"},
                              {"ApiVersion", "2010-04-01"}};
  EXPECT_EQ(post_signed(server, "/api/crm/sms/status", form).status, 204);
  EXPECT_TRUE(eventually([&] { return message_status(server, "+17605552001", failed_sid) == "failed"; }));
  rapidjson::Document d;
  auto listed = server.client().request("GET", "/api/crm/sms/messages?phoneNumber=%2B17605552001").body;
  d.Parse(listed.c_str());
  ASSERT_TRUE(d.IsObject() && d["messages"].IsArray() && d["messages"].Size() == 1) << listed;
  EXPECT_TRUE(d["messages"][0]["errorCode"].IsNull()) << listed;
}

}  // namespace
}  // namespace crm::testing
