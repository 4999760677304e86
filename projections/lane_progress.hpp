#pragma once
// Where the read models stand when several projectors follow the log side by side (one per
// lane, all_projections.hpp): each reports its own position, and the watch (read-your-writes,
// long polls) hears the least of them, the position every read model has reached.

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <vector>

#include "projections/position_watch.hpp"

namespace crm::projections {

class lane_progress {
public:
  lane_progress(position_watch& watch, int lanes) : watch_(watch), reached_(static_cast<size_t>(lanes), 0) {}

  void report(int lane, std::int64_t position) {
    std::int64_t all_reached;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      reached_[static_cast<size_t>(lane)] = position;
      all_reached = *std::min_element(reached_.begin(), reached_.end());
    }
    watch_.advance(all_reached);
  }

private:
  position_watch& watch_;
  std::mutex mutex_;
  std::vector<std::int64_t> reached_;
};

}  // namespace crm::projections
