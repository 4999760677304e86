#pragma once
// The entity actors the directory spawns.

#include <string>

#include "actors/entity_interfaces.hpp"
#include "actors/entity_refs.hpp"

namespace crm::actors {

/// The actor of contact `id` (stream contact-<id>).
contact_actor spawn_contact_actor(caf::actor_system& system, const std::string& id, const entity_refs& refs);

/// The actor of the thread with number `phone` (stream thread-<E.164>).
thread_actor spawn_thread_actor(caf::actor_system& system, const std::string& phone, const entity_refs& refs);

}  // namespace crm::actors
