#pragma once
// Faults injected into upcoming Create calls by tests (POST /sim/faults). Plans queue up:
// "500 once, then 429 once" is two posts.

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>

namespace crm::twilio_sim {

/// What a faulty Create does.
enum class fault_kind {
  /// 500 with code 20500; nothing stored.
  server_error,
  /// 429 with code 20429 (and Retry-After when set); nothing stored.
  too_many_requests,
  /// The message is stored and its life starts, but the reply is held for `hang`.
  hang,
};

/// One injected fault.
struct fault {
  /// Which fault.
  fault_kind kind = fault_kind::server_error;
  /// Retry-After for 429.
  std::optional<std::chrono::seconds> retry_after;
  /// How long a hang holds the reply.
  std::chrono::milliseconds hang{30000};
};

/// A queue of (fault, remaining count), consumed one Create at a time.
class fault_plan {
public:
  /// Adds `count` occurrences of `f` after those already planned.
  void add(const fault& f, int count);

  /// The fault for the next Create, if any, consuming it.
  std::optional<fault> take();

  /// Drops every planned fault.
  void clear();

private:
  std::mutex mutex_;
  std::deque<std::pair<fault, int>> planned_;
};

}  // namespace crm::twilio_sim
