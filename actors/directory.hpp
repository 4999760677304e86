#pragma once
// The directory: one live actor per stream, spawned on demand by replaying its stream and
// passivated after an idle period, so 100,000 contacts are not 100,000 resident actors.

#include <chrono>

#include <caf/fwd.hpp>

#include "actors/entity_refs.hpp"

namespace crm::actors {

/// Spawns the directory. It accepts contact_command and thread_command and delegates each to
/// its entity actor, which replies with a command_reply. `refs.directory` is filled in here.
caf::actor spawn_directory(caf::actor_system& system, const entity_refs& refs);

}  // namespace crm::actors
