#pragma once
// Who is waiting for the read models to reach a log position: command replies (read-your-
// writes) and long polls. Waiting costs a callback, not a thread or a connection.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace crm::projections {

class position_watch {
public:
  using clock = std::chrono::steady_clock;
  /// Called once: `reached` is false when the deadline came first.
  using callback = std::function<void(bool reached, std::int64_t position)>;

  position_watch();
  ~position_watch();
  position_watch(const position_watch&) = delete;
  position_watch& operator=(const position_watch&) = delete;

  /// The projector reports progress; every waiter at or below `position` is called.
  void advance(std::int64_t position);

  /// The position the read models have reached.
  std::int64_t position() const;

  /// Calls `done` as soon as the position is >= `target`, or at `deadline`. May call it at once.
  void when_reached(std::int64_t target, clock::time_point deadline, callback done);

private:
  struct waiter {
    std::int64_t target;
    clock::time_point deadline;
    callback done;
  };
  void expire_loop();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::int64_t position_ = 0;
  std::multimap<std::int64_t, waiter> by_target_;
  bool stopping_ = false;
  std::thread timer_;
};

}  // namespace crm::projections
