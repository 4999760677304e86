#pragma once
// The one clock of crmd. Decisions in domain/ never read it: they take `now` as an argument.
// The actors that decide, the HTTP layer (the time a request's context carries), sessions and
// the Twilio client (Retry-After dates) read this clock, injected at start-up, so a test sets
// the time of day (quiet hours, the 30-day opt-in rule, session expiry) instead of waiting
// for it.

#include <atomic>
#include <chrono>

#include "domain/consent_ledger.hpp"

namespace crm::domain {

class clock {
public:
  virtual ~clock() = default;
  virtual instant now() const = 0;
};

/// The real time: what crmd runs on. The only place crmd reads the system's clock, so that
/// every other time comes from a clock that a test can set.
class system_clock final : public clock {
public:
  instant now() const override { return std::chrono::system_clock::now(); }
};

/// A clock a test sets and moves on; safe to read from the actors' threads.
class manual_clock final : public clock {
public:
  explicit manual_clock(instant start) : ticks_(start.time_since_epoch().count()) {}
  instant now() const override { return instant(instant::duration(ticks_.load())); }
  void set(instant at) { ticks_ = at.time_since_epoch().count(); }
  template <class Duration>
  void advance(Duration by) {
    ticks_ += std::chrono::duration_cast<instant::duration>(by).count();
  }

private:
  std::atomic<instant::rep> ticks_;
};

}  // namespace crm::domain
