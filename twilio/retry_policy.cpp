#include "twilio/retry_policy.hpp"

#include <algorithm>
#include <memory>
#include <random>

namespace crm::twilio {

random_source default_random_source() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine](std::uint64_t upper) { return std::uniform_int_distribution<std::uint64_t>(0, upper)(*engine); };
}

failure_class classify(const twilio_error& error) {
  if (error.http_status == 429 || (error.http_status >= 500 && error.http_status <= 599))
    return failure_class::retryable;
  return failure_class::permanent;
}

failure_class classify(const transport_failure&) { return failure_class::retryable; }

retry_policy::retry_policy(retry_config config, random_source random) : config_(config), random_(std::move(random)) {}

std::chrono::milliseconds retry_policy::ceiling(int retries_made) const {
  // Doubling stops once past the cap, so a large retry count cannot overflow.
  long long ceiling = std::max<long long>(config_.base.count(), 0);
  long long cap = std::max<long long>(config_.cap.count(), 0);
  for (int i = 0; i < retries_made && ceiling < cap; ++i) ceiling *= 2;
  return std::chrono::milliseconds(std::min(ceiling, cap));
}

std::chrono::milliseconds retry_policy::backoff(int retries_made) {
  auto upper = static_cast<std::uint64_t>(ceiling(retries_made).count());
  std::uint64_t drawn = random_ ? random_(upper) : upper;
  return std::chrono::milliseconds(static_cast<long long>(std::min(drawn, upper)));
}

std::optional<std::chrono::milliseconds> retry_policy::next_delay(const twilio_error& error, int retries_made) {
  if (classify(error) == failure_class::permanent || retries_made >= config_.max_retries) return std::nullopt;
  if (error.retry_after) return std::chrono::duration_cast<std::chrono::milliseconds>(*error.retry_after);
  return backoff(retries_made);
}

std::optional<std::chrono::milliseconds> retry_policy::next_delay(const transport_failure& failure, int retries_made) {
  if (classify(failure) == failure_class::permanent || retries_made >= config_.max_retries) return std::nullopt;
  return backoff(retries_made);
}

}  // namespace crm::twilio
