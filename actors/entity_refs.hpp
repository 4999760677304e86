#pragma once
// What every entity actor (contact, thread) is spawned with.

#include <chrono>

#include <caf/actor.hpp>

#include "actors/log_access.hpp"

namespace crm::actors {

/// Handles and settings shared by the directory and the entity actors it spawns.
struct entity_refs {
  caf::actor directory;
  log_access log;
  std::chrono::milliseconds idle_timeout{60000};  ///< an actor idle this long passivates
};

}  // namespace crm::actors
