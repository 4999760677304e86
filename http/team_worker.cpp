#include "http/team_worker.hpp"

#include <spdlog/spdlog.h>

namespace crm::http {

team_worker::team_worker(team::team_service& service) : service_(service), thread_([this] { run(); }) {}

team_worker::~team_worker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  thread_.join();
}

void team_worker::submit(std::function<void(team::team_service&)> job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
}

void team_worker::run() {
  for (;;) {
    std::function<void(team::team_service&)> job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job(service_);
    } catch (const std::exception& e) {
      spdlog::error("a team change failed: {}", e.what());
    }
  }
}

}  // namespace crm::http
