// The FCC's 2024 order (FCC 24-24) over HTTP: its opt-out words, truthful keyword replies, and
// texts that read as a request to stop (a possible opt-out an agent must resolve).

#include <gtest/gtest.h>

#include <string>

#include "http/messaging_steps.hpp"
#include "http/server_process.hpp"

namespace crm::testing {
namespace {

class possible_opt_out : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    server_options options;
    options.simulator = true;
    server = new crm_server(options);
  }
  static void TearDownTestSuite() { delete server; }
  http_client& api() { return server->client(); }
  http_response send(const std::string& to, const std::string& extra = "") {
    return api().request("POST", "/api/crm/sms/send", "{\"to\":\"" + to + "\",\"body\":\"Hello\"" + extra + "}");
  }
  http_response bulk(const std::string& to) {
    return api().request("POST", "/api/crm/sms/bulk",
                         "{\"recipients\":[\"" + to + "\"],\"body\":\"Open house Sunday\"}");
  }
  http_response resolve(const std::string& phone, const std::string& resolution, const std::string& reason) {
    return api().request(
        "POST", "/api/crm/sms/possible-opt-out/resolve",
        "{\"phoneNumber\":\"" + phone + "\",\"resolution\":\"" + resolution + "\",\"reason\":\"" + reason + "\"}");
  }
  // The number's conversation as the list shows it (found by its digits).
  std::string conversation(const std::string& phone) {
    return api().request("GET", "/api/crm/sms/conversations?search=" + phone.substr(2)).body;
  }
  static crm_server* server;
};
crm_server* possible_opt_out::server = nullptr;

TEST_F(possible_opt_out, opt_out_in_two_words_or_with_a_hyphen_opts_out_and_is_confirmed) {
  for (const std::string phone : {"+17605552001", "+17605552002"}) {
    make_contact(*server, phone, true);
    auto twiml = text_in(*server, phone, phone.back() == '1' ? "opt out" : "Opt-Out!");
    ASSERT_EQ(twiml.status, 200);
    // Twilio does not act on these words, so the product confirms them itself.
    EXPECT_NE(twiml.body.find("unsubscribed"), std::string::npos) << twiml.body;
    EXPECT_EQ(json_string(send(phone).body, "code"), "opted_out");
  }
}

TEST_F(possible_opt_out, opt_in_after_stop_says_texts_stay_blocked_until_start) {
  const std::string phone = "+17605552011";
  make_contact(*server, phone, true);
  ASSERT_EQ(text_in(*server, phone, "STOP").status, 200);
  auto twiml = text_in(*server, phone, "opt in");
  EXPECT_EQ(twiml.body.find("You are now opted in"), std::string::npos) << twiml.body;
  EXPECT_NE(twiml.body.find("START"), std::string::npos) << twiml.body;
  EXPECT_EQ(json_string(send(phone).body, "code"), "opted_out");
}

TEST_F(possible_opt_out, a_text_asking_to_stop_is_flagged_and_holds_automated_sends_until_resolved) {
  const std::string phone = "+17605552021";
  make_contact(*server, phone, true);
  ASSERT_EQ(text_in(*server, phone, "please stop texting me").status, 200);
  EXPECT_TRUE(eventually([&] {
    return json_string(conversation(phone), "conversations/0/possibleOptOut/text") == "please stop texting me";
  }));
  EXPECT_EQ(json_string(conversation(phone), "conversations/0/optInStatus"), "opted_in");

  auto bulk_send = bulk(phone);
  EXPECT_EQ(json_string(bulk_send.body, "results/0/code"), "possible_opt_out") << bulk_send.body;
  auto unconfirmed = send(phone);
  EXPECT_EQ(unconfirmed.status, 403);
  EXPECT_EQ(json_string(unconfirmed.body, "code"), "possible_opt_out");
  EXPECT_EQ(send(phone, ",\"confirmPossibleOptOut\":\"yes\"").status, 400);
  EXPECT_EQ(send(phone, ",\"confirmPossibleOptOut\":true").status, 200) << "a person-to-person text, confirmed";

  auto no_reason = resolve(phone, "keep", "  ");
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(json_string(no_reason.body, "code"), "reason_required");
  EXPECT_EQ(resolve(phone, "ignore", "x").status, 400);
  ASSERT_EQ(resolve(phone, "keep", "They meant the open-house reminders only").status, 200);
  EXPECT_NE(conversation(phone).find("\"possibleOptOut\": null"), std::string::npos) << conversation(phone);
  EXPECT_EQ(send(phone).status, 200);
  auto again = resolve(phone, "keep", "twice");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(json_string(again.body, "code"), "no_possible_opt_out");
}

TEST_F(possible_opt_out, resolving_as_revoke_records_the_agents_revocation) {
  const std::string phone = "+17605552031";
  make_contact(*server, phone, true);
  ASSERT_EQ(text_in(*server, phone, "Remove me from your list").status, 200);
  ASSERT_EQ(resolve(phone, "revoke", "").status, 200);
  EXPECT_EQ(json_string(conversation(phone), "conversations/0/optInStatus"), "opted_out");
  EXPECT_EQ(json_string(send(phone, ",\"confirmPossibleOptOut\":true").body, "code"), "opted_out");
  auto history = api().request("GET", "/api/crm/consent/" + phone);
  EXPECT_NE(history.body.find("Remove me from your list"), std::string::npos) << history.body;
}

TEST_F(possible_opt_out, an_ordinary_text_is_not_flagged) {
  const std::string phone = "+17605552041";
  make_contact(*server, phone, true);
  ASSERT_EQ(text_in(*server, phone, "Can you stop by the house at 5?").status, 200);
  EXPECT_TRUE(eventually([&] { return json_number(conversation(phone), "conversations/0/messageCount") == 1; }));
  EXPECT_NE(conversation(phone).find("\"possibleOptOut\": null"), std::string::npos) << conversation(phone);
  EXPECT_EQ(send(phone).status, 200);
}

}  // namespace
}  // namespace crm::testing
