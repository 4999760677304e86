#pragma once
// The log in memory, behind the same two handles the entity actors use (actors/log_access.hpp),
// for actor tests where PostgreSQL is not the thing under test: appends check expected versions
// and known event ids as the event store does, and reads return what was appended.

#include <caf/all.hpp>

#include "actors/log_access.hpp"
#include "eventlog/event.hpp"

namespace crm::actors::testing {

/// What the memory log holds; the test reads it after the actors ran.
struct memory_log_contents {
  eventlog::event_list events;  ///< in position order
};

/// Spawns the appender and the reader over `contents` (which must outlive them).
log_access spawn_memory_log(caf::actor_system& system, memory_log_contents& contents);

}  // namespace crm::actors::testing
