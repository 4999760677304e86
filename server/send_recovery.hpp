#pragma once
// After a restart: sends recorded as requested but with no recorded outcome (the process died
// while Twilio held the request) are resolved by their threads, which look each one up in
// Twilio's list before any retry, so none is sent twice. Part of start-up, not of HTTP.

#include <caf/all.hpp>

#include "actors/entity_interfaces.hpp"
#include "projections/db_pool.hpp"
#include "projections/position_watch.hpp"

namespace crm::server {

/// Waits for the read models to catch up with the log, then asks each affected thread
/// (recover_sends) to resolve its unresolved sends. Returns at once; the work happens in the
/// background. The pool and the watch must outlive it (crmd's do).
void recover_unresolved_sends(caf::actor_system& system, projections::db_pool& queries,
                              projections::position_watch& watch, actors::directory_actor directory);

}  // namespace crm::server
