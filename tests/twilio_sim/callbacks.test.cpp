// Status callbacks and inbound webhooks reach a fake CRM, in order and validly signed.

#include "sim_fixture.hpp"
#include "sim_test_support.hpp"
#include "twilio/signature.hpp"

namespace crm::twilio_sim::testing {
namespace {

class callbacks : public sim_fixture {
protected:
  void SetUp() override {
    twilio_sim_options options;
    options.callback_delay = std::chrono::milliseconds(20);
    options.crm_url = crm_.url() + "/";  // a trailing slash must not double up
    start(options);
  }
  fake_crm crm_;
};

std::vector<std::string> statuses(const std::vector<received_request>& requests) {
  std::vector<std::string> out;
  for (const auto& r : requests) out.push_back(twilio::form_value(r.form, "MessageStatus").value_or("?"));
  return out;
}

TEST_F(callbacks, delivered_life_in_order_and_signed) {
  auto c = client();
  auto request = text("+14155550100", "track me");
  request.status_callback = crm_.url() + "/api/crm/sms/status?tenant=a%20b";
  auto created = c.create_message(request);
  ASSERT_TRUE(created.ok());
  auto got = crm_.wait_for(3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(statuses(got), (std::vector<std::string>{"sending", "sent", "delivered"}));
  twilio::signature_validator validator(sim_->options().auth_token);
  for (const auto& r : got) {
    EXPECT_EQ(r.path, "/api/crm/sms/status");
    EXPECT_EQ(r.content_type, "application/x-www-form-urlencoded");
    EXPECT_TRUE(validator.validate(request.status_callback, r.form, r.signature)) << r.body;
    EXPECT_FALSE(validator.validate(request.status_callback + "x", r.form, r.signature));
    EXPECT_EQ(twilio::form_value(r.form, "MessageSid"), created.value()->sid);
    EXPECT_EQ(twilio::form_value(r.form, "SmsSid"), created.value()->sid);
    EXPECT_EQ(twilio::form_value(r.form, "SmsStatus"), twilio::form_value(r.form, "MessageStatus"));
    EXPECT_EQ(twilio::form_value(r.form, "AccountSid"), sim_->options().account_sid);
    EXPECT_EQ(twilio::form_value(r.form, "From"), "+15005550006");
    EXPECT_EQ(twilio::form_value(r.form, "To"), "+14155550100");
    EXPECT_EQ(twilio::form_value(r.form, "ApiVersion"), "2010-04-01");
    EXPECT_FALSE(twilio::form_value(r.form, "ErrorCode").has_value());
  }
  EXPECT_EQ(twilio::form_value(got[2].form, "RawDlrDoneDate").value_or("").size(), 10u);
  auto fetched = c.fetch_message(created.value()->sid);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(fetched.value()->status, "delivered");
}

TEST_F(callbacks, number_ending_0000_is_undelivered_30003) {
  auto c = client();
  auto request = text("+14155550000", "nobody home");
  request.status_callback = crm_.url() + "/api/crm/sms/status";
  auto created = c.create_message(request);
  ASSERT_TRUE(created.ok());
  auto got = crm_.wait_for(3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(statuses(got), (std::vector<std::string>{"sending", "sent", "undelivered"}));
  EXPECT_EQ(twilio::form_value(got[2].form, "ErrorCode"), "30003");
  auto fetched = c.fetch_message(created.value()->sid);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(fetched.value()->status, "undelivered");
  EXPECT_EQ(fetched.value()->error_code, 30003);
}

TEST_F(callbacks, inbound_text_posts_a_signed_webhook_and_reports_the_crm_answer) {
  crm_.answer(200, R"(<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hi!</Message></Response>)");
  auto answer = http_post(sim_->base_url() + "/sim/inbound",
                          R"({"from":"+14155550142","body":"Hello & bye +1","mediaUrls":["https://x.test/a.png"]})");
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find(R"("crmStatus":200)"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find(R"("status":"received")"), std::string::npos);
  EXPECT_NE(answer.body.find("<Message>Hi!</Message>"), std::string::npos);
  auto got = crm_.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  const auto& hook = got[0];
  EXPECT_EQ(hook.path, "/api/crm/sms/webhook");
  twilio::signature_validator validator(sim_->options().auth_token);
  EXPECT_TRUE(validator.validate(crm_.url() + "/api/crm/sms/webhook", hook.form, hook.signature));
  auto sid = twilio::form_value(hook.form, "MessageSid").value_or("");
  EXPECT_EQ(sid.size(), 34u);
  EXPECT_EQ(sid.substr(0, 2), "MM");
  EXPECT_NE(answer.body.find(sid), std::string::npos);
  EXPECT_EQ(twilio::form_value(hook.form, "SmsSid"), sid);
  EXPECT_EQ(twilio::form_value(hook.form, "SmsMessageSid"), sid);
  EXPECT_EQ(twilio::form_value(hook.form, "From"), "+14155550142");
  EXPECT_EQ(twilio::form_value(hook.form, "To"), "+15005550006");
  EXPECT_EQ(twilio::form_value(hook.form, "Body"), "Hello & bye +1");
  EXPECT_EQ(twilio::form_value(hook.form, "NumMedia"), "1");
  EXPECT_EQ(twilio::form_value(hook.form, "NumSegments"), "1");
  EXPECT_EQ(twilio::form_value(hook.form, "SmsStatus"), "received");
  EXPECT_EQ(twilio::form_value(hook.form, "ApiVersion"), "2010-04-01");
  EXPECT_EQ(twilio::form_value(hook.form, "AccountSid"), sim_->options().account_sid);
  EXPECT_EQ(twilio::form_value(hook.form, "MediaUrl0"), "https://x.test/a.png");
  EXPECT_EQ(twilio::form_value(hook.form, "MediaContentType0"), "image/png");
  EXPECT_TRUE(twilio::form_value(hook.form, "FromCity").has_value());
  EXPECT_TRUE(twilio::form_value(hook.form, "FromCountry").has_value());

  // History sync sees it.
  auto c = client();
  twilio::list_messages_request q;
  q.from = "+14155550142";
  auto listed = c.list_messages(q);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value()->messages.size(), 1u);
  EXPECT_EQ(listed.value()->messages[0].direction, "inbound");
  EXPECT_EQ(listed.value()->messages[0].status, "received");
  EXPECT_EQ(listed.value()->messages[0].sid, sid);
}

TEST_F(callbacks, inbound_reports_a_refusing_crm_and_explicit_to) {
  crm_.answer(403, "forbidden", "text/plain");
  auto answer = http_post(sim_->base_url() + "/sim/inbound",
                          R"({"from":"+14155550142","to":"+14155559999","body":"STOP"})");
  ASSERT_EQ(answer.status, 200);
  EXPECT_NE(answer.body.find(R"("crmStatus":403)"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find(R"("crmBody":"forbidden")"), std::string::npos);
  auto got = crm_.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(twilio::form_value(got[0].form, "To"), "+14155559999");
  EXPECT_EQ(http_post(sim_->base_url() + "/sim/inbound", R"({"body":"no from"})").status, 400);
}

TEST(callbacks_unreachable, inbound_to_a_dead_crm_is_502_but_stored) {
  twilio_sim_options options;
  options.port = 0;
  options.crm_url = "http://127.0.0.1:1";
  twilio_sim sim(options);
  ASSERT_TRUE(sim.start());
  auto answer = http_post(sim.base_url() + "/sim/inbound", R"({"from":"+14155550142","body":"hi"})");
  EXPECT_EQ(answer.status, 502);
  EXPECT_NE(answer.body.find(R"("crmStatus":0)"), std::string::npos) << answer.body;
  EXPECT_NE(http_call(sim.base_url() + "/sim/messages").body, "[]");
}

}  // namespace
}  // namespace crm::twilio_sim::testing
