#pragma once
// The projection actor: a detached actor (its own thread and connections) that keeps every
// read model following the log and reports progress to the position watch.

#include <string>

#include <caf/fwd.hpp>

#include "projections/position_watch.hpp"

namespace crm::actors {

/// Spawns the projector; send it stop_atom to end it.
caf::actor spawn_projector(caf::actor_system& system, const std::string& database_url,
                           projections::position_watch& watch);

}  // namespace crm::actors
