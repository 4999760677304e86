#include "tools/twilio_sim/delayed_runner.hpp"

#include <spdlog/spdlog.h>

namespace crm::twilio_sim {

delayed_runner::delayed_runner() : thread_([this] { run(); }) {}

delayed_runner::~delayed_runner() { stop(); }

void delayed_runner::schedule(clock::time_point due, std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    tasks_.emplace(std::make_pair(due, next_seq_++), std::move(task));
  }
  wake_.notify_one();
}

void delayed_runner::clear() {
  decltype(tasks_) dropped;
  {
    std::lock_guard lock(mutex_);
    dropped.swap(tasks_);
  }
  // Destroyed outside the lock: a capture's destructor may be slow (e.g. a response writer).
}

void delayed_runner::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  clear();
}

void delayed_runner::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (tasks_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto first = tasks_.begin();
    if (first->first.first > clock::now()) {
      wake_.wait_until(lock, first->first.first);
      continue;
    }
    auto task = std::move(first->second);
    tasks_.erase(first);
    lock.unlock();
    try {
      task();
    } catch (const std::exception& e) {
      // A task must not take the runner down with it; the simulator keeps serving.
      spdlog::warn("twilio-sim: background task failed: {}", e.what());
    }
    task = nullptr;
    lock.lock();
  }
}

}  // namespace crm::twilio_sim
