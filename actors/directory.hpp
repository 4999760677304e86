#pragma once
// The directory: one live actor per stream, spawned on demand by replaying its stream and
// passivated after an idle period, so 100,000 contacts are not 100,000 resident actors.

#include <chrono>

#include "actors/entity_interfaces.hpp"
#include "actors/entity_refs.hpp"

namespace crm::actors {

/// Spawns the directory (entity_interfaces.hpp: directory_actor). `refs.directory` is filled in here.
directory_actor spawn_directory(caf::actor_system& system, const entity_refs& refs);

}  // namespace crm::actors
