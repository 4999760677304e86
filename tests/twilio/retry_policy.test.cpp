#include <gtest/gtest.h>

#include "twilio/retry_policy.hpp"

namespace crm::twilio {
namespace {

using std::chrono::milliseconds;

twilio_error status(int http, std::optional<int> code = std::nullopt) {
  twilio_error e;
  e.http_status = http;
  e.code = code;
  return e;
}

// Always draws the top of the range, or the bottom.
random_source max_random() {
  return [](std::uint64_t upper) { return upper; };
}
random_source min_random() {
  return [](std::uint64_t) { return std::uint64_t{0}; };
}

TEST(retry_policy, classifies_statuses) {
  EXPECT_EQ(classify(status(429, 20429)), failure_class::retryable);
  for (int s : {500, 502, 503, 504, 599}) EXPECT_EQ(classify(status(s)), failure_class::retryable);
  for (int s : {400, 401, 403, 404, 409, 422, 499}) EXPECT_EQ(classify(status(s)), failure_class::permanent);
  EXPECT_EQ(classify(status(400, 21610)), failure_class::permanent);
  EXPECT_EQ(classify(status(400, 21211)), failure_class::permanent);
  EXPECT_EQ(classify(transport_failure{transport_failure_kind::timed_out, ""}), failure_class::retryable);
  EXPECT_EQ(classify(transport_failure{transport_failure_kind::could_not_connect, ""}), failure_class::retryable);
}

TEST(retry_policy, permanent_errors_never_retried) {
  retry_policy p({}, max_random());
  EXPECT_FALSE(p.next_delay(status(400, 21610), 0).has_value());
  EXPECT_FALSE(p.next_delay(status(400, 21211), 0).has_value());
  EXPECT_FALSE(p.next_delay(status(401, 20003), 0).has_value());
}

TEST(retry_policy, ceilings_double_up_to_the_cap) {
  retry_policy p({}, max_random());
  EXPECT_EQ(p.ceiling(0), milliseconds(100));
  EXPECT_EQ(p.ceiling(1), milliseconds(200));
  EXPECT_EQ(p.ceiling(4), milliseconds(1600));
  EXPECT_EQ(p.ceiling(5), milliseconds(3000));
  EXPECT_EQ(p.ceiling(1000), milliseconds(3000));
}

TEST(retry_policy, full_jitter_bounds) {
  retry_policy high({}, max_random());
  retry_policy low({}, min_random());
  for (int n = 0; n < 3; ++n) {
    EXPECT_EQ(high.next_delay(status(503), n), high.ceiling(n));
    EXPECT_EQ(low.next_delay(status(503), n), milliseconds(0));
  }
  // A real random source stays within [0, ceiling].
  retry_policy real({milliseconds(100), milliseconds(3000), 100});
  for (int n = 0; n < 20; ++n) {
    for (int i = 0; i < 50; ++i) {
      auto d = real.next_delay(transport_failure{}, n);
      ASSERT_TRUE(d.has_value());
      EXPECT_GE(d->count(), 0);
      EXPECT_LE(*d, real.ceiling(n));
    }
  }
}

TEST(retry_policy, random_source_asked_for_the_ceiling) {
  std::vector<std::uint64_t> asked;
  retry_policy p({milliseconds(50), milliseconds(300), 10}, [&](std::uint64_t upper) {
    asked.push_back(upper);
    return upper / 2;
  });
  for (int n = 0; n < 5; ++n) p.backoff(n);
  EXPECT_EQ(asked, (std::vector<std::uint64_t>{50, 100, 200, 300, 300}));
  EXPECT_EQ(p.backoff(1), milliseconds(50));
}

TEST(retry_policy, retry_after_wins) {
  retry_policy p({}, max_random());
  auto e = status(429, 20429);
  e.retry_after = std::chrono::seconds(7);
  EXPECT_EQ(p.next_delay(e, 0), milliseconds(7000));
  e.retry_after = std::chrono::seconds(0);
  EXPECT_EQ(p.next_delay(e, 2), milliseconds(0));
}

TEST(retry_policy, gives_up_after_max_retries) {
  retry_policy p({milliseconds(100), milliseconds(3000), 3}, max_random());
  EXPECT_TRUE(p.next_delay(status(500), 2).has_value());
  EXPECT_FALSE(p.next_delay(status(500), 3).has_value());
  EXPECT_FALSE(p.next_delay(transport_failure{}, 3).has_value());
}

}  // namespace
}  // namespace crm::twilio
