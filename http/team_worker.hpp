#pragma once
// The team service's own thread: user changes block on the database and on Argon2id, so they run
// here, one at a time, never on an HTTP thread or the query pool.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "team/team_service.hpp"

namespace crm::http {

class team_worker {
public:
  explicit team_worker(team::team_service& service);
  ~team_worker();
  team_worker(const team_worker&) = delete;
  team_worker& operator=(const team_worker&) = delete;

  /// Runs `job` with the service on the worker's thread.
  void submit(std::function<void(team::team_service&)> job);

private:
  void run();

  team::team_service& service_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void(team::team_service&)>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace crm::http
