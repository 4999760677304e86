#pragma once
// Paces sends per sending number (Twilio queues what a number cannot send at once; pacing
// here keeps the queue and its 21611 "queue full" away). Thread-safe; workers sleep on it.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace crm::actors {

class send_pacer {
public:
  explicit send_pacer(double messages_per_second)
      : interval_(std::chrono::duration<double>(1.0 / messages_per_second)) {}

  /// The time at which the caller may send from `from` (reserving that slot).
  std::chrono::steady_clock::time_point reserve(const std::string& from) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    auto& next = next_slot_[from];
    auto slot = std::max(now, next);
    next = slot + std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval_);
    return slot;
  }

private:
  std::chrono::duration<double> interval_;
  std::mutex mutex_;
  std::map<std::string, std::chrono::steady_clock::time_point> next_slot_;
};

}  // namespace crm::actors
