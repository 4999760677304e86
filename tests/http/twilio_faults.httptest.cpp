// Twilio failing against the real crmd, PostgreSQL and the Twilio simulator: errors and rate
// limits retried exactly once, permanent refusals not retried, a STOP stopping a retrying send,
// lost answers looked up, and a crash while Twilio holds the request.

#include <gtest/gtest.h>

#include <csignal>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <rapidjson/document.h>

#include "http/messaging_api.hpp"
#include "http/messaging_steps.hpp"

namespace crm::testing {
namespace {

TEST_F(messaging_api, a_500_then_a_429_from_twilio_still_sends_exactly_once) {
  make_contact(*server, "+17605551070", true);
  http_client sim(server->simulator_url());
  ASSERT_EQ(sim.request("POST", "/sim/faults", "{\"create\":\"500\",\"count\":1}").status, 200);
  ASSERT_EQ(sim.request("POST", "/sim/faults", "{\"create\":\"429\",\"count\":1,\"retryAfter\":1}").status, 200);
  auto calls_before = simulator_create_calls(*server);
  auto r = send("+17605551070", "Third time lucky");
  ASSERT_TRUE(r.status == 200 || r.status == 202) << r.body;
  EXPECT_TRUE(eventually([&] { return simulator_messages_to(*server, "+17605551070") == 1; }));
  EXPECT_EQ(simulator_create_calls(*server) - calls_before, 3);
  EXPECT_EQ(simulator_messages_to(*server, "+17605551070"), 1);
}

TEST_F(messaging_api, a_permanent_refusal_like_21610_is_not_retried) {
  make_contact(*server, "+15005550004", true);  // Twilio's magic "unsubscribed recipient"
  auto calls_before = simulator_create_calls(*server);
  auto r = send("+15005550004", "Hello");
  EXPECT_EQ(r.status, 502) << r.body;
  EXPECT_EQ(json_number(r.body, "twilioCode"), 21610);
  EXPECT_EQ(simulator_create_calls(*server) - calls_before, 1);
  EXPECT_TRUE(eventually([&] {
    auto list = api().request("GET", "/api/crm/sms/messages?phoneNumber=%2B15005550004");
    return json_string(list.body, "messages/0/status") == "failed" &&
           json_number(list.body, "messages/0/errorCode") == 21610;
  }));
}

// A send decided before a STOP can still be retrying (429s here, 2 s apart) when the STOP is
// acknowledged; its next attempt must not go out, so the gateway checks before every attempt.
TEST_F(messaging_api, a_send_still_retrying_when_stop_arrives_is_not_sent) {
  const std::string phone = "+17605551107";
  make_contact(*server, phone, true);
  http_client sim(server->simulator_url());
  ASSERT_EQ(sim.request("POST", "/sim/faults", "{\"create\":\"429\",\"count\":2,\"retryAfter\":2}").status, 200);
  auto calls_before = simulator_create_calls(*server);
  http_response sent;
  std::thread sender([&] {
    http_client c(server->base_url());
    c.use_token(server->client().token());
    sent = c.request("POST", "/api/crm/sms/send", "{\"to\":\"" + phone + "\",\"body\":\"Retry me\"}");
  });
  EXPECT_TRUE(eventually([&] { return simulator_create_calls(*server) > calls_before; }));  // the first 429
  EXPECT_EQ(text_in(*server, phone, "STOP").status, 200);
  sender.join();
  EXPECT_EQ(sent.status, 403) << sent.body;
  EXPECT_EQ(json_string(sent.body, "code"), "opted_out");
  EXPECT_EQ(simulator_create_calls(*server), calls_before + 1);
  EXPECT_EQ(simulator_messages_to(*server, phone), 0);
  EXPECT_TRUE(eventually([&] {
    auto list = api().request("GET", "/api/crm/sms/messages?direction=outbound&phoneNumber=%2B17605551107").body;
    return json_string(list, "messages/0/status") == "failed";
  }));
}

// Two identical texts whose answers from Twilio were both lost (hung past the 15 s timeout) are
// looked up in Twilio's list; both look-ups found the same text, and one row lost its sid.
TEST_F(messaging_api, identical_texts_whose_answers_were_lost_each_find_their_own_sid) {
  const std::string phone = "+17605551108";
  make_contact(*server, phone, true);
  http_client sim(server->simulator_url());
  ASSERT_EQ(sim.request("POST", "/sim/faults", "{\"create\":\"hang\",\"count\":2,\"hangMs\":20000}").status, 200);
  std::vector<std::thread> senders;
  for (int i = 0; i < 2; ++i)
    senders.emplace_back([&] {
      http_client c(server->base_url());
      c.use_token(server->client().token());
      c.request("POST", "/api/crm/sms/send", "{\"to\":\"" + phone + "\",\"body\":\"Same words twice\"}");
    });
  for (auto& t : senders) t.join();
  auto sids = [&] {
    std::set<std::string> found;
    rapidjson::Document d;
    auto list = api().request("GET", "/api/crm/sms/messages?direction=outbound&phoneNumber=%2B17605551108").body;
    d.Parse(list.c_str());
    if (d.IsObject() && d["messages"].IsArray())
      for (auto& m : d["messages"].GetArray())
        if (m["twilioMessageSid"].IsString()) found.insert(m["twilioMessageSid"].GetString());
    return found;
  };
  EXPECT_TRUE(eventually([&] { return sids().size() == 2; }, 40)) << sids().size();
  EXPECT_EQ(simulator_messages_to(*server, phone), 2);
}

// No text is sent twice: crmd dies (SIGKILL) while the simulator holds the Create open; after a
// restart the send is looked up in Twilio's list instead of being sent again.
TEST(crash_recovery, a_send_interrupted_by_sigkill_is_found_not_resent) {
  server_options options;
  options.simulator = true;
  crm_server server(options);
  make_contact(server, "+17605553000", true);
  http_client sim(server.simulator_url());
  ASSERT_EQ(sim.request("POST", "/sim/faults", "{\"create\":\"hang\",\"count\":1,\"hangMs\":60000}").status, 200);
  std::thread sender([&] {
    http_client c(server.base_url());
    c.use_token(server.client().token());
    try {
      c.request("POST", "/api/crm/sms/send", "{\"to\":\"+17605553000\",\"body\":\"Exactly once\"}");
    } catch (const std::exception&) {
      // The server is killed under this request: no answer is the expected outcome.
    }
  });
  ASSERT_TRUE(eventually([&] { return simulator_messages_to(server, "+17605553000") == 1; }));
  server.restart(SIGKILL);
  sender.join();
  auto sid_of_send = [&] {
    auto list = server.client().request("GET", "/api/crm/sms/messages?phoneNumber=%2B17605553000");
    return json_string(list.body, "messages/0/twilioMessageSid");
  };
  EXPECT_TRUE(eventually([&] { return sid_of_send().substr(0, 2) == "SM"; }, 30));
  // A resend would come after the look-up: nothing to poll for, it is given 500 ms to show up.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(simulator_messages_to(server, "+17605553000"), 1);
  EXPECT_EQ(simulator_create_calls(server), 1);
  // Found delivered in Twilio's list, its callbacks long gone to the dead process: the delivery
  // time comes from the look-up (it stayed null).
  auto list = server.client().request("GET", "/api/crm/sms/messages?phoneNumber=%2B17605553000").body;
  EXPECT_EQ(json_string(list, "messages/0/status"), "delivered") << list;
  EXPECT_FALSE(json_string(list, "messages/0/deliveredAt").empty()) << list;
}

}  // namespace
}  // namespace crm::testing
