#pragma once
// When and how long to wait before calling Twilio again. Pure: the caller owns the clock and
// the loop, and the random source is injected so tests can pin the jitter.
//
// 429, 5xx and transport failures are retryable; every other 4xx (21211, 21610, ...) is
// permanent. The wait is full-jitter capped exponential backoff, random(0, min(cap, base*2^n))
// like Twilio's own helper libraries, unless Twilio sent Retry-After, which wins.
// After a transport failure whose request may have arrived, a Create must be looked up in
// Twilio's message list before it is retried; this policy only says whether waiting is sensible.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "twilio/twilio_outcome.hpp"

namespace crm::twilio {

/// Tuning of the backoff.
struct retry_config {
  /// The first backoff ceiling.
  std::chrono::milliseconds base{100};
  /// No backoff ceiling exceeds this.
  std::chrono::milliseconds cap{3000};
  /// Retries after the first attempt; Twilio's clients use 3.
  int max_retries = 3;
};

/// Returns a uniformly random integer in [0, upper], both ends included.
using random_source = std::function<std::uint64_t(std::uint64_t upper)>;

/// A random_source backed by a std::mt19937_64 seeded from std::random_device; the returned
/// function is not safe to call from two threads at once.
random_source default_random_source();

/// Whether a failure is worth another attempt at all.
enum class failure_class { retryable, permanent };

/// 429 and 5xx are retryable; any other status is permanent.
failure_class classify(const twilio_error& error);

/// Transport failures are always retryable (see the lookup caveat above).
failure_class classify(const transport_failure& failure);

/// Decides retries; holds its random source, so use one per thread.
class retry_policy {
public:
  /// A policy with `config` and jitter from `random`.
  explicit retry_policy(retry_config config = {}, random_source random = default_random_source());

  /// The wait before the next attempt after `error`, given how many retries were already made;
  /// nullopt when the error is permanent or the retries are used up.
  std::optional<std::chrono::milliseconds> next_delay(const twilio_error& error, int retries_made);

  /// The same after a transport failure.
  std::optional<std::chrono::milliseconds> next_delay(const transport_failure& failure, int retries_made);

  /// The jittered backoff for retry number `retries_made` (0 for the first retry).
  std::chrono::milliseconds backoff(int retries_made);

  /// The backoff ceiling min(cap, base * 2^retries_made), before jitter.
  std::chrono::milliseconds ceiling(int retries_made) const;

  /// The configuration in use.
  const retry_config& config() const { return config_; }

private:
  retry_config config_;
  random_source random_;
};

}  // namespace crm::twilio
