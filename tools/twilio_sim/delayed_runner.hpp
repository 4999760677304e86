#pragma once
// One background thread that runs tasks at (or after) their due time, in due-time order and,
// for equal times, in the order they were scheduled. The simulator keeps blocking work
// (HTTP posts, held-open replies) here so it never runs on a Pistache reactor thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace crm::twilio_sim {

/// A single-threaded timer queue.
class delayed_runner {
public:
  /// Monotonic time, so wall clock jumps do not reorder a message's life.
  using clock = std::chrono::steady_clock;

  /// Starts the thread.
  delayed_runner();
  /// stop().
  ~delayed_runner();
  delayed_runner(const delayed_runner&) = delete;
  delayed_runner& operator=(const delayed_runner&) = delete;

  /// Runs `task` on the runner's thread no earlier than `due`.
  void schedule(clock::time_point due, std::function<void()> task);

  /// Runs `task` as soon as the tasks already due have run.
  void post(std::function<void()> task) { schedule(clock::now(), std::move(task)); }

  /// Drops the pending tasks without running them (their captures are destroyed).
  void clear();

  /// Waits for the running task, drops the rest and joins the thread; idempotent.
  void stop();

private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::pair<clock::time_point, std::uint64_t>, std::function<void()>> tasks_;
  std::uint64_t next_seq_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace crm::twilio_sim
