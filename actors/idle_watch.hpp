#pragma once
// When an entity actor has been idle long enough to passivate. `caf::after` would do it, but
// CAF 0.17 re-arms a receive timeout on every message an actor handles: a push to the clock
// thread, a wake-up of it and a look-up in its timeout map, twice per webhook, 12% of crmd's
// CPU with the request timeouts (docs/benchmarks.md). Instead the actor notes the time of each
// command and checks once per idle period with one delayed message.

#include <chrono>

#include <caf/all.hpp>

#include "actors/message_types.hpp"

namespace crm::actors {

class idle_watch {
public:
  using clock = std::chrono::steady_clock;

  /// Called for every command.
  void touch() { last_active_ = clock::now(); }

  /// Schedules the first check; `self` handles idle_check_atom by calling `check`.
  template <class Self>
  void start(Self* self, std::chrono::milliseconds idle_timeout) {
    idle_timeout_ = idle_timeout;
    touch();
    self->delayed_send(self, idle_timeout_, idle_check_atom::value);
  }

  /// True when the actor has been idle for the whole timeout; otherwise schedules the next
  /// check for when it will have been (the caller re-arms with `again` when it stays anyway).
  template <class Self>
  bool check(Self* self) {
    auto idle = clock::now() - last_active_;
    if (idle >= idle_timeout_) return true;
    self->delayed_send(
        self,
        std::chrono::duration_cast<std::chrono::milliseconds>(idle_timeout_ - idle) + std::chrono::milliseconds(1),
        idle_check_atom::value);
    return false;
  }

  /// Checks again a whole timeout from now (idle, but something keeps the actor alive).
  template <class Self>
  void again(Self* self) {
    self->delayed_send(self, idle_timeout_, idle_check_atom::value);
  }

private:
  clock::time_point last_active_ = clock::now();
  std::chrono::milliseconds idle_timeout_{60000};
};

}  // namespace crm::actors
