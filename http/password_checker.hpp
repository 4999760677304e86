#pragma once
// Argon2id verifications on threads of their own. A verification takes a tenth of a second of CPU
// and 64 MiB, so on the database pool a few parallel wrong sign-ins would hold every connection
// and stall the API (docs/benchmarks.md). Here they hold no database connection, at most
// `threads` run at once, and at most `max_waiting` wait: beyond that a sign-in is told to try
// again, so a flood of guesses costs a bounded share of the machine.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace crm::http {

class password_checker {
public:
  password_checker(std::size_t threads, std::size_t max_waiting);
  ~password_checker();
  password_checker(const password_checker&) = delete;
  password_checker& operator=(const password_checker&) = delete;

  /// Verifies `password` against `hash` and calls `done(matches)` on a checker thread; false
  /// (and `done` never called) when `max_waiting` checks are queued already.
  bool check(std::string hash, std::string password, std::function<void(bool matches)> done);

private:
  struct job {
    std::string hash, password;
    std::function<void(bool)> done;
  };
  void run();

  std::size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace crm::http
