#pragma once
// The projection actors: detached actors (each its own thread and connections), one per lane
// of projections (all_projections.hpp), that keep the read models following the log and report
// to the position watch how far all of them have got.

#include <string>
#include <vector>

#include <caf/fwd.hpp>

#include "projections/position_watch.hpp"

namespace crm::actors {

/// Spawns the projectors; send each stop_atom to end it.
std::vector<caf::actor> spawn_projectors(caf::actor_system& system, const std::string& database_url,
                                         projections::position_watch& watch);

}  // namespace crm::actors
