#include "projections/position_watch.hpp"

#include <vector>

namespace crm::projections {

position_watch::position_watch() : timer_([this] { expire_loop(); }) {}

position_watch::~position_watch() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  timer_.join();
}

std::int64_t position_watch::position() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return position_;
}

void position_watch::advance(std::int64_t position) {
  std::vector<callback> ready;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (position <= position_) return;
    position_ = position;
    auto end = by_target_.upper_bound(position);
    for (auto it = by_target_.begin(); it != end; ++it) ready.push_back(std::move(it->second.done));
    by_target_.erase(by_target_.begin(), end);
  }
  // Outside the lock: a callback may register a new waiter.
  for (auto& done : ready) done(true, position);
}

void position_watch::when_reached(std::int64_t target, clock::time_point deadline, callback done) {
  std::int64_t now_at;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    now_at = position_;
    if (position_ < target) {
      by_target_.emplace(target, waiter{target, deadline, std::move(done)});
      wake_.notify_all();
      return;
    }
  }
  done(true, now_at);
}

// One thread serves every deadline: it sleeps until the earliest one (or a 50 ms tick).
void position_watch::expire_loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    auto now = clock::now();
    auto next = now + std::chrono::milliseconds(50);
    std::vector<callback> expired;
    for (auto it = by_target_.begin(); it != by_target_.end();) {
      if (it->second.deadline <= now) {
        expired.push_back(std::move(it->second.done));
        it = by_target_.erase(it);
      } else {
        next = std::min(next, it->second.deadline);
        ++it;
      }
    }
    if (!expired.empty()) {
      auto at = position_;
      lock.unlock();
      for (auto& done : expired) done(false, at);
      lock.lock();
      continue;
    }
    wake_.wait_until(lock, next);
  }
  // Shutting down: nobody should be left hanging.
  auto pending = std::move(by_target_);
  auto at = position_;
  lock.unlock();
  for (auto& [target, w] : pending) w.done(false, at);
}

}  // namespace crm::projections
