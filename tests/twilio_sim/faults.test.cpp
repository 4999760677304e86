// Injected Create faults, seen through twilio_client and the retry policy.

#include "sim_fixture.hpp"
#include "sim_test_support.hpp"
#include "twilio/retry_policy.hpp"

namespace crm::twilio_sim::testing {
namespace {

using faults = sim_fixture;

TEST_F(faults, server_error_then_too_many_requests_then_success) {
  auto base = sim_->base_url();
  ASSERT_EQ(http_post(base + "/sim/faults", R"({"create":"500","count":1})").status, 200);
  ASSERT_EQ(http_post(base + "/sim/faults", R"({"create":"429","count":1,"retryAfter":2})").status, 200);
  auto c = client();
  twilio::retry_policy policy({}, [](std::uint64_t upper) { return upper; });

  auto first = c.create_message(text("+14155550100", "retry me"));
  ASSERT_NE(first.error(), nullptr);
  EXPECT_EQ(first.error()->http_status, 500);
  EXPECT_EQ(first.error()->code, 20500);
  EXPECT_EQ(policy.next_delay(*first.error(), 0), std::chrono::milliseconds(100));

  auto second = c.create_message(text("+14155550100", "retry me"));
  ASSERT_NE(second.error(), nullptr);
  EXPECT_EQ(second.error()->http_status, 429);
  EXPECT_EQ(second.error()->code, 20429);
  EXPECT_EQ(second.error()->retry_after, std::chrono::seconds(2));
  EXPECT_EQ(policy.next_delay(*second.error(), 1), std::chrono::milliseconds(2000));

  EXPECT_EQ(http_call(base + "/sim/messages").body, "[]");  // neither fault stored anything
  auto third = c.create_message(text("+14155550100", "retry me"));
  ASSERT_TRUE(third.ok());
  auto listed = c.list_messages({});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed.value()->messages.size(), 1u);
}

TEST_F(faults, count_applies_to_the_next_n_creates) {
  ASSERT_EQ(http_post(sim_->base_url() + "/sim/faults", R"({"create":"429","count":3})").status, 200);
  auto c = client();
  for (int i = 0; i < 3; ++i) {
    auto r = c.create_message(text("+14155550100", "x"));
    ASSERT_NE(r.error(), nullptr);
    EXPECT_EQ(r.error()->http_status, 429);
    EXPECT_FALSE(r.error()->retry_after.has_value());
  }
  EXPECT_TRUE(c.create_message(text("+14155550100", "x")).ok());
}

TEST_F(faults, hang_stores_the_message_and_the_caller_times_out) {
  ASSERT_EQ(http_post(sim_->base_url() + "/sim/faults", R"({"create":"hang","hangMs":3000})").status, 200);
  auto c = client(std::chrono::milliseconds(300));
  auto started = std::chrono::steady_clock::now();
  auto r = c.create_message(text("+14155550177", "did it go?"));
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_NE(r.failure(), nullptr);
  EXPECT_EQ(r.failure()->kind, twilio::transport_failure_kind::timed_out) << r.failure()->detail;
  EXPECT_TRUE(r.failure()->request_may_have_arrived());
  EXPECT_LT(took, std::chrono::seconds(2));
  // The crash-recovery lookup: the message is in Twilio's list although the call failed.
  auto patient = client();
  twilio::list_messages_request q;
  q.to = "+14155550177";
  auto listed = patient.list_messages(q);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value()->messages.size(), 1u);
  EXPECT_EQ(listed.value()->messages[0].body, "did it go?");
}

TEST_F(faults, held_reply_still_arrives_for_a_patient_caller) {
  ASSERT_EQ(http_post(sim_->base_url() + "/sim/faults", R"({"create":"hang","hangMs":200})").status, 200);
  auto c = client();
  auto started = std::chrono::steady_clock::now();
  auto r = c.create_message(text("+14155550100", "slow"));
  ASSERT_TRUE(r.ok());
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(190));
  // A stop with a reply still held must not crash or hang.
  ASSERT_EQ(http_post(sim_->base_url() + "/sim/faults", R"({"create":"hang","hangMs":60000})").status, 200);
  auto quick = client(std::chrono::milliseconds(100));
  EXPECT_NE(quick.create_message(text("+14155550100", "abandoned")).failure(), nullptr);
  sim_->stop();
}

TEST_F(faults, bad_fault_requests_are_400) {
  auto base = sim_->base_url();
  EXPECT_EQ(http_post(base + "/sim/faults", R"({"create":"418"})").status, 400);
  EXPECT_EQ(http_post(base + "/sim/faults", R"({"create":"500","count":0})").status, 400);
  EXPECT_EQ(http_post(base + "/sim/faults", "not json").status, 400);
  EXPECT_EQ(http_post(base + "/sim/reset", "").status, 200);
}

TEST_F(faults, reset_clears_planned_faults) {
  ASSERT_EQ(http_post(sim_->base_url() + "/sim/faults", R"({"create":"500","count":5})").status, 200);
  ASSERT_EQ(http_post(sim_->base_url() + "/sim/reset", "").status, 200);
  EXPECT_TRUE(client().create_message(text("+14155550100", "x")).ok());
}

TEST(transport, could_not_connect_is_distinguished) {
  twilio::twilio_client_config config;
  config.base_url = "http://127.0.0.1:1";  // nothing listens on port 1
  config.account_sid = default_account_sid;
  config.auth_token = "t";
  twilio::twilio_client c(config);
  auto r = c.create_message({});
  ASSERT_NE(r.failure(), nullptr);
  EXPECT_EQ(r.failure()->kind, twilio::transport_failure_kind::could_not_connect);
  EXPECT_FALSE(r.failure()->request_may_have_arrived());
}

}  // namespace
}  // namespace crm::twilio_sim::testing
