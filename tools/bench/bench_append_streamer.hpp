#pragma once
// One writer of the append benchmark: an event-based actor that appends one event at a time to
// its own stream through the appender, sending the next append as soon as the reply comes, as
// an entity actor does under load. Many of them give the appender something to group.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

namespace crm::cli {

/// What all streamers of one run count together.
struct append_tally {
  std::atomic<long long> committed{0};  ///< appends acknowledged as written
  std::atomic<int> running{0};          ///< streamers still alive
  std::atomic<bool> measuring{false};   ///< record latencies (after the warm-up)
  std::atomic<bool> stop{false};        ///< finish after the append in flight
  std::mutex mutex;                     ///< guards the two members below
  std::vector<double> latencies_ms;     ///< request to reply, merged in as streamers stop
  std::string first_failure;            ///< why an append failed, if one did
};

/// Spawns a streamer appending to `stream_id` (which must not exist yet) until `tally->stop`.
void spawn_append_streamer(caf::actor_system& system, const caf::actor& appender, std::string stream_id,
                           std::shared_ptr<append_tally> tally);

}  // namespace crm::cli
