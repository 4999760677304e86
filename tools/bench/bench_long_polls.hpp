#pragma once
// Browsers waiting for live updates, for `crm-bench conversations` (issue 5: 200 waiting
// long polls must not slow other requests measurably): each waiter holds its own keep-alive
// connection in GET /api/crm/updates?after=<position>&timeout=30 and, when answered, asks again
// from the position it got, as the UI does. A text trickle appends texts to the log so that
// the waiters wake, and re-poll, while other requests are timed.

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace crm::cli {

/// N long-polling clients, each on its own thread and connection.
class long_poll_crowd {
public:
  /// Starts `clients` waiters from log position `after`, signed in with `token`; returns once
  /// every one has sent its first request.
  long_poll_crowd(const std::string& base_url, const std::string& token, int clients, std::int64_t after);
  /// Stops and joins the waiters (call stop() first and wake them, or this waits for their timeout).
  ~long_poll_crowd();
  long_poll_crowd(const long_poll_crowd&) = delete;
  long_poll_crowd& operator=(const long_poll_crowd&) = delete;

  /// Asks every waiter to leave after its current request.
  void stop() { stopping_ = true; }
  /// Long polls answered so far (by a change or by the timeout).
  long long answers() const { return answers_; }
  /// Answers other than 200, and requests that got no HTTP answer.
  long long failures() const { return failures_; }

private:
  std::atomic<bool> stopping_{false};
  std::atomic<int> started_{0};
  std::atomic<long long> answers_{0};
  std::atomic<long long> failures_{0};
  std::vector<std::thread> threads_;
};

/// Appends one text a thread to the log every 1/rate seconds, from its own connection, until
/// destroyed: each append moves the log's head, so every long poll wakes.
class text_trickle {
public:
  /// `threads` is the number of bench threads to spread the texts over.
  text_trickle(const std::string& database_url, double texts_per_second, long threads);
  ~text_trickle();
  text_trickle(const text_trickle&) = delete;
  text_trickle& operator=(const text_trickle&) = delete;

  /// Texts appended so far.
  long long texts() const { return texts_; }
  /// Appends that failed.
  long long failures() const { return failures_; }

private:
  std::atomic<bool> stopping_{false};
  std::atomic<long long> texts_{0};
  std::atomic<long long> failures_{0};
  std::thread thread_;
};

/// Appends one text, so that every waiting long poll wakes; returns the new head position.
std::int64_t append_one_text(const std::string& database_url, long thread_index);

}  // namespace crm::cli
