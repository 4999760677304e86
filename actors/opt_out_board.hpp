#pragma once
// The numbers that are opted out right now, shared by the thread actors (which write it when a
// consent change commits or a thread loads) and the gateway's workers (which read it before
// every attempt to create a text). A send decided before a STOP may still be waiting for
// Twilio, retrying after a 429 or a 5xx for seconds: without this, its retry went out after
// the STOP had been acknowledged, and Twilio would refuse it (21610) or the carrier deliver it.

#include <mutex>
#include <string>
#include <unordered_set>

namespace crm::actors {

class opt_out_board {
public:
  void set(const std::string& phone, bool opted_out) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (opted_out) numbers_.insert(phone);
    else numbers_.erase(phone);
  }

  bool opted_out(const std::string& phone) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return numbers_.count(phone) > 0;
  }

private:
  mutable std::mutex mutex_;
  std::unordered_set<std::string> numbers_;
};

}  // namespace crm::actors
