// Conversations and history against the real crmd and the simulator: unread counts, search,
// history sync with paging, opt-in requests, consent history and the live-update long poll.

#include <gtest/gtest.h>

#include <future>

#include "http/messaging_steps.hpp"

namespace crm::testing {
namespace {

class conversations_api : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    server_options options;
    options.simulator = true;
    server = new crm_server(options);
  }
  static void TearDownTestSuite() { delete server; }
  http_client& api() { return server->client(); }
  std::string conversation(const std::string& search) {
    return api().request("GET", "/api/crm/sms/conversations?search=" + twilio::form_encode_component(search)).body;
  }
  /// The log position once nothing changes any more (earlier tests' status callbacks settle).
  long long quiet_position() {
    long long position = 0;
    for (int i = 0; i < 50; ++i) {
      auto r = api().request("GET", "/api/crm/updates?timeout=1&after=" + std::to_string(position));
      EXPECT_EQ(r.status, 200);
      bool quiet = r.body.find("\"changes\":[]") != std::string::npos;
      position = json_number(r.body, "position");
      if (quiet) break;
    }
    return position;
  }
  static crm_server* server;
};
crm_server* conversations_api::server = nullptr;

TEST_F(conversations_api, unread_counts_inbound_only_and_a_read_mark_clears_them) {
  make_contact(*server, "+16195550101", true, "Una");
  ASSERT_EQ(text_in(*server, "+16195550101", "first").status, 200);
  ASSERT_EQ(text_in(*server, "+16195550101", "second").status, 200);
  ASSERT_EQ(api().request("POST", "/api/crm/sms/send", "{\"to\":\"+16195550101\",\"body\":\"reply\"}").status, 200);
  auto list = conversation("6195550101");
  EXPECT_EQ(json_number(list, "conversations/0/unreadCount"), 2) << list;
  EXPECT_EQ(json_number(list, "conversations/0/messageCount"), 3);
  EXPECT_EQ(json_string(list, "conversations/0/lastMessage/body"), "reply");
  EXPECT_EQ(json_string(list, "conversations/0/contact/firstName"), "Una");
  EXPECT_EQ(json_string(list, "conversations/0/optInStatus"), "opted_in");
  auto read = api().request("POST", "/api/crm/sms/conversations/read", "{\"phoneNumber\":\"(619) 555-0101\"}");
  EXPECT_EQ(read.status, 200);
  EXPECT_EQ(json_number(conversation("6195550101"), "conversations/0/unreadCount"), 0);
  ASSERT_EQ(text_in(*server, "+16195550101", "third").status, 200);
  EXPECT_EQ(json_number(conversation("6195550101"), "conversations/0/unreadCount"), 1);
}

TEST_F(conversations_api, search_finds_by_name_digits_and_message_text) {
  make_contact(*server, "+16195550202", true, "Zelda");
  ASSERT_EQ(text_in(*server, "+16195550202", "Do you have a pool listing in Carlsbad?").status, 200);
  EXPECT_EQ(json_string(conversation("zelda"), "conversations/0/phoneNumber"), "+16195550202");
  EXPECT_EQ(json_string(conversation("(619) 555-0202"), "conversations/0/phoneNumber"), "+16195550202");
  EXPECT_EQ(json_string(conversation("carlsbad"), "conversations/0/phoneNumber"), "+16195550202");
  EXPECT_EQ(
      json_number(api().request("GET", "/api/crm/sms/conversations?search=nothing-like-this").body, "pagination/total"),
      0);
}

TEST_F(conversations_api, renaming_and_deleting_a_contact_shows_in_its_conversation) {
  auto id = make_contact(*server, "+16195550303", true, "Old");
  ASSERT_EQ(text_in(*server, "+16195550303", "hello").status, 200);
  ASSERT_EQ(api().request("PUT", "/api/crm/contacts", "{\"_id\":\"" + id + "\",\"firstName\":\"New\"}").status, 200);
  EXPECT_EQ(json_string(conversation("6195550303"), "conversations/0/contact/firstName"), "New");
  ASSERT_EQ(api().request("DELETE", "/api/crm/contacts?id=" + id).status, 200);
  auto after = conversation("6195550303");
  EXPECT_EQ(json_string(after, "conversations/0/phoneNumber"), "+16195550303");
  EXPECT_NE(after.find("\"contact\": null"), std::string::npos) << after;
}

TEST_F(conversations_api, an_opt_in_request_is_refused_after_stop_and_an_opt_in_reply_flips_the_state) {
  make_contact(*server, "+16195550404", false, "Ola");
  auto asked = api().request("POST", "/api/crm/sms/opt-in-request", "{\"phoneNumber\":\"+16195550404\"}");
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_NE(json_string(asked.body, "message/body").find("OPT IN"), std::string::npos);
  auto again = api().request("POST", "/api/crm/sms/opt-in-request", "{\"phoneNumber\":\"+16195550404\"}");
  EXPECT_EQ(again.status, 403);
  EXPECT_EQ(json_string(again.body, "code"), "opt_in_already_requested");
  ASSERT_EQ(text_in(*server, "+16195550404", "OPT IN").status, 200);
  EXPECT_EQ(json_string(conversation("6195550404"), "conversations/0/optInStatus"), "opted_in");
  EXPECT_EQ(api().request("POST", "/api/crm/sms/send", "{\"to\":\"+16195550404\",\"body\":\"Thanks!\"}").status, 200);
  auto consent = api().request("GET", "/api/crm/consent/%2B16195550404");
  EXPECT_EQ(json_string(consent.body, "state"), "opted_in");
  EXPECT_EQ(json_string(consent.body, "events/0/type"), "OptInRequested");
  EXPECT_EQ(json_string(consent.body, "events/1/type"), "ConsentGranted");
  EXPECT_EQ(json_string(consent.body, "events/1/text"), "OPT IN");

  ASSERT_EQ(text_in(*server, "+16195550505", "STOP").status, 200);
  auto refused = api().request("POST", "/api/crm/sms/opt-in-request", "{\"phoneNumber\":\"+16195550505\"}");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json_string(refused.body, "code"), "opted_out");
}

// Only a request Twilio took starts the 30-day wait: one whose every attempt failed reached no
// phone, so it must not block asking again for a month.
TEST_F(conversations_api, an_opt_in_request_twilio_never_took_can_be_asked_again) {
  make_contact(*server, "+16195550406", false, "Pia");
  http_client sim(server->simulator_url());
  ASSERT_EQ(sim.request("POST", "/sim/faults", "{\"create\":\"500\",\"count\":6}").status, 200);  // every attempt
  auto failed = api().request("POST", "/api/crm/sms/opt-in-request", "{\"phoneNumber\":\"+16195550406\"}");
  EXPECT_TRUE(failed.status == 503 || failed.status == 202) << failed.status << " " << failed.body;
  EXPECT_TRUE(eventually(
      [&] {
        auto list = api().request("GET", "/api/crm/sms/messages?phoneNumber=%2B16195550406").body;
        return json_string(list, "messages/0/status") == "failed";
      },
      30));
  auto again = api().request("POST", "/api/crm/sms/opt-in-request", "{\"phoneNumber\":\"+16195550406\"}");
  EXPECT_EQ(again.status, 200) << again.body;
  auto third = api().request("POST", "/api/crm/sms/opt-in-request", "{\"phoneNumber\":\"+16195550406\"}");
  EXPECT_EQ(json_string(third.body, "code"), "opt_in_already_requested");
}

TEST_F(conversations_api, an_opt_in_request_naming_a_contact_and_another_number_is_a_400) {
  auto id = make_contact(*server, "+16195550407", false, "Rex");
  auto mismatched = api().request("POST", "/api/crm/sms/opt-in-request",
                                  "{\"contactId\":\"" + id + "\",\"phoneNumber\":\"+16195550408\"}");
  EXPECT_EQ(mismatched.status, 400) << mismatched.body;
  EXPECT_EQ(json_string(mismatched.body, "field"), "phoneNumber");
  auto same = api().request("POST", "/api/crm/sms/opt-in-request",
                            "{\"contactId\":\"" + id + "\",\"phoneNumber\":\"(619) 555-0407\"}");
  EXPECT_EQ(same.status, 200) << same.body;
}

// A position the log never reached (a restored database, a stale tab) is answered with the head,
// so the client picks up from there; given its own position back it would wait forever.
TEST_F(conversations_api, a_long_poll_from_beyond_the_head_answers_the_head) {
  auto r = api().request("GET", "/api/crm/updates?after=999999999&timeout=0");
  ASSERT_EQ(r.status, 200) << r.body;
  auto position = json_number(r.body, "position");
  EXPECT_GE(position, 0);
  EXPECT_LT(position, 999999999);
}

TEST_F(conversations_api, a_long_poll_wakes_when_a_text_arrives) {
  auto position = quiet_position();
  auto token = api().token();
  auto poll = std::async(std::launch::async, [&] {
    http_client c(server->base_url());
    c.use_token(token);
    auto r = c.request("GET", "/api/crm/updates?timeout=20&after=" + std::to_string(position));
    return std::make_pair(r, std::chrono::steady_clock::now());
  });
  // A wrong answer is one that comes early: nothing to poll for, the poll is given 300 ms to
  // answer when it must not (and reaches crmd and parks before the text in the meantime).
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(poll.wait_for(std::chrono::seconds(0)), std::future_status::timeout) << "answered before anything changed";
  ASSERT_EQ(text_in(*server, "+16195550606", "wake up").status, 200);
  auto texted_at = std::chrono::steady_clock::now();
  ASSERT_EQ(poll.wait_for(std::chrono::seconds(10)), std::future_status::ready) << "the long poll did not wake";
  auto [reply, woke_at] = poll.get();
  EXPECT_EQ(reply.status, 200);
  EXPECT_GT(json_number(reply.body, "position"), position);
  EXPECT_NE(reply.body.find("+16195550606"), std::string::npos) << reply.body;
  // Recorded, not asserted (no timing assertions in tests): see docs/benchmarks.md.
  std::printf("long poll woke %.1f ms after the webhook was answered\n",
              std::chrono::duration<double, std::milli>(woke_at - texted_at).count());
  auto idle = api().request("GET",
                            "/api/crm/updates?timeout=1&after=" + std::to_string(json_number(reply.body, "position")));
  EXPECT_EQ(idle.status, 200);
  EXPECT_NE(idle.body.find("\"changes\":[]"), std::string::npos) << idle.body;
}

TEST_F(conversations_api, many_long_polls_from_one_position_all_wake_with_the_same_change) {
  auto position = quiet_position();
  auto token = api().token();
  std::vector<std::future<http_response>> polls;
  for (int i = 0; i < 20; ++i)
    polls.push_back(std::async(std::launch::async, [&] {
      http_client c(server->base_url());
      c.use_token(token);
      return c.request("GET", "/api/crm/updates?timeout=20&after=" + std::to_string(position));
    }));
  // Lets the 20 polls reach crmd and park, so that the text wakes them rather than being there
  // already (which they would also answer at once). How many wait is not visible over HTTP.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(text_in(*server, "+16195550808", "everyone wake up").status, 200);
  for (auto& poll : polls) {
    ASSERT_EQ(poll.wait_for(std::chrono::seconds(10)), std::future_status::ready) << "a long poll did not wake";
    auto r = poll.get();
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("+16195550808"), std::string::npos) << r.body;
    EXPECT_GT(json_number(r.body, "position"), position);
  }
}

TEST_F(conversations_api, bad_list_and_long_poll_parameters_are_a_400) {
  for (auto query : {"limit=0", "limit=501", "limit=ten", "skip=-1", "skip=1e3"})
    EXPECT_EQ(api().request("GET", std::string("/api/crm/sms/conversations?") + query).status, 400) << query;
  for (auto query : {"after=-1", "after=12abc", "after=9223372036854775807", "after=99999999999999999999", "timeout=61",
                     "timeout=-1"}) {
    auto r = api().request("GET", std::string("/api/crm/updates?") + query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_EQ(json_string(r.body, "code"), "invalid_query") << r.body;
  }
  ASSERT_EQ(text_in(*server, "+16195550909", "one").status, 200);
  ASSERT_EQ(text_in(*server, "+16195550910", "two").status, 200);
  auto page = api().request("GET", "/api/crm/sms/conversations?limit=1");
  ASSERT_EQ(page.status, 200);
  EXPECT_GE(json_number(page.body, "pagination/total"), 2);
  EXPECT_NE(page.body.find("\"hasMore\":true"), std::string::npos) << page.body;
}

// History sync needs messages the CRM has not seen: this simulator's webhooks go nowhere.
TEST(history_sync, imports_both_directions_across_pages_once_and_in_twilio_order) {
  server_options options;
  options.simulator = true;
  options.simulator_reaches_crm = false;
  crm_server server(options);
  http_client sim(server.simulator_url());
  // The simulator keeps each text although its webhook finds no CRM (it answers 502 for that).
  for (int i = 0; i < 60; ++i)
    sim.request("POST", "/sim/inbound", "{\"from\":\"+16195550707\",\"body\":\"old text " + std::to_string(i) + "\"}");
  make_contact(server, "+16195550707", true, "Syd");
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(server.client()
                  .request("POST", "/api/crm/sms/send",
                           "{\"to\":\"+16195550707\",\"body\":\"out " + std::to_string(i) + "\"}")
                  .status,
              200);
  auto first = server.client().request("POST", "/api/crm/sms/sync", "{\"phoneNumber\":\"+16195550707\"}");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(json_number(first.body, "imported"), 60);
  EXPECT_EQ(json_number(first.body, "skipped"), 3);  // our own sends are already in the log
  auto second = server.client().request("POST", "/api/crm/sms/sync", "{\"phoneNumber\":\"+16195550707\"}");
  EXPECT_EQ(json_number(second.body, "imported"), 0);
  auto list = server.client().request("GET", "/api/crm/sms/messages?limit=1000&phoneNumber=%2B16195550707");
  EXPECT_EQ(json_number(list.body, "pagination/total"), 63);
  // Oldest first, in Twilio's time (whole seconds, so ties keep the log's order).
  std::string previous;
  for (int i = 0; i < 63; ++i) {
    auto at = json_string(list.body, "messages/" + std::to_string(i) + "/twilioCreatedAt");
    if (at.empty()) at = json_string(list.body, "messages/" + std::to_string(i) + "/createdAt");
    EXPECT_LE(previous, at) << i;
    previous = at;
  }
  EXPECT_EQ(json_string(list.body, "messages/62/body").substr(0, 4), "out ");
  // Imported texts belong to the contact holding the number, as live ones do.
  auto syd = json_string(list.body, "messages/62/contactId");
  EXPECT_FALSE(syd.empty()) << list.body.substr(0, 400);
  EXPECT_EQ(json_string(list.body, "messages/0/contactId"), syd);
  auto conv = server.client().request("GET", "/api/crm/sms/conversations?search=6195550707");
  EXPECT_EQ(json_number(conv.body, "conversations/0/unreadCount"), 0);  // history is not unread
  EXPECT_EQ(
      server.client().request("POST", "/api/crm/sms/sync", "{\"phoneNumber\":\"+16195550707\",\"limit\":500}").status,
      400);
}

// A STOP whose webhook never reached the CRM (Twilio does not retry an inbound webhook) still
// blocks the number at Twilio; a sync learns it from the list and the number is opted out.
TEST(history_sync, an_imported_stop_the_crm_never_received_opts_the_number_out) {
  server_options options;
  options.simulator = true;
  options.simulator_reaches_crm = false;
  crm_server server(options);
  make_contact(server, "+16195550708", true, "Sam");
  http_client sim(server.simulator_url());
  sim.request("POST", "/sim/inbound", "{\"from\":\"+16195550708\",\"body\":\"Stop.\"}");
  auto synced = server.client().request("POST", "/api/crm/sms/sync", "{\"phoneNumber\":\"+16195550708\"}");
  ASSERT_EQ(synced.status, 200) << synced.body;
  EXPECT_EQ(json_number(synced.body, "imported"), 1);
  EXPECT_EQ(json_string(server.client().request("GET", "/api/crm/consent/%2B16195550708").body, "state"), "opted_out");
  auto refused = server.client().request("POST", "/api/crm/sms/send", "{\"to\":\"+16195550708\",\"body\":\"Hi\"}");
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(json_string(refused.body, "code"), "opted_out");
  // A second sync finds nothing new and changes nothing.
  auto again = server.client().request("POST", "/api/crm/sms/sync", "{\"phoneNumber\":\"+16195550708\"}");
  EXPECT_EQ(json_number(again.body, "imported"), 0);
  EXPECT_EQ(json_string(server.client().request("GET", "/api/crm/consent/%2B16195550708").body, "state"), "opted_out");
}

}  // namespace
}  // namespace crm::testing
