#include "http/login_throttle.hpp"

#include <gtest/gtest.h>

namespace crm::http {
namespace {

using std::chrono::seconds;

TEST(login_throttle, five_failures_are_free_then_the_wait_doubles_up_to_five_minutes) {
  login_throttle throttle;
  auto t = login_throttle::clock::time_point{} + std::chrono::hours(10);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(throttle.wait_before_try("a@example.com", "10.0.0.1", t), seconds(0)) << i;
    throttle.failed("a@example.com", "10.0.0.1", t);
  }
  EXPECT_EQ(throttle.wait_before_try("a@example.com", "10.0.0.1", t), seconds(1));
  std::vector<long> waits;
  for (int i = 0; i < 12; ++i) {
    t += throttle.wait_before_try("a@example.com", "10.0.0.1", t);
    throttle.failed("a@example.com", "10.0.0.1", t);
    waits.push_back(throttle.wait_before_try("a@example.com", "10.0.0.1", t).count());
  }
  EXPECT_EQ(waits, (std::vector<long>{2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300}));
}

TEST(login_throttle, the_account_is_held_from_any_address_and_the_address_for_any_account) {
  login_throttle throttle;
  auto t = login_throttle::clock::time_point{} + std::chrono::hours(10);
  for (int i = 0; i < 5; ++i) throttle.failed("A@Example.com", "10.0.0." + std::to_string(i), t);
  EXPECT_GT(throttle.wait_before_try("a@example.com", "10.0.0.9", t), seconds(0)) << "account, case-insensitive";
  for (int i = 0; i < 5; ++i) throttle.failed("user" + std::to_string(i) + "@example.com", "10.0.0.7", t);
  EXPECT_GT(throttle.wait_before_try("new@example.com", "10.0.0.7", t), seconds(0)) << "address";
  EXPECT_EQ(throttle.wait_before_try("new@example.com", "10.0.0.8", t), seconds(0));
}

TEST(login_throttle, a_success_clears_the_account_and_the_address) {
  login_throttle throttle;
  auto t = login_throttle::clock::time_point{} + std::chrono::hours(10);
  for (int i = 0; i < 6; ++i) throttle.failed("a@example.com", "10.0.0.1", t);
  throttle.succeeded("a@example.com", "10.0.0.1");
  EXPECT_EQ(throttle.wait_before_try("a@example.com", "10.0.0.1", t), seconds(0));
}

}  // namespace
}  // namespace crm::http
