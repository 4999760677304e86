#pragma once
// The one clock of decisions. Decisions in domain/ never read it: they take `now` as an
// argument. The actors that decide read this clock, injected when they are spawned, so a test
// sets the time of day (quiet hours, the 30-day opt-in rule) instead of waiting for it.

#include <atomic>
#include <chrono>

#include "domain/consent_ledger.hpp"

namespace crm::domain {

class clock {
public:
  virtual ~clock() = default;
  virtual instant now() const = 0;
};

/// The system clock, optionally shifted: CRM_CLOCK_OFFSET_SECONDS lets a demo, or the HTTP tests
/// that run crmd as a process, pick a time of day for quiet hours (0 in production).
class system_clock final : public clock {
public:
  explicit system_clock(std::chrono::seconds offset = std::chrono::seconds(0)) : offset_(offset) {}
  instant now() const override { return std::chrono::system_clock::now() + offset_; }

private:
  std::chrono::seconds offset_;
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
