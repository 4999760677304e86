#pragma once
// crmd as a function of its configuration and its clock: the production binary runs it on the
// system clock (server/main.cpp), the HTTP and browser tests on a clock set to a time of day
// (tests/crmd_at_test_time), so no setting of the production binary moves its time.

#include <memory>

#include "domain/clock.hpp"
#include "http/server_config.hpp"

namespace crm::server {

/// Runs crmd until SIGINT or SIGTERM: the database and its migrations, the actors and the
/// projector, then HTTP, every time read from `clock`. Call it from main before any other
/// thread starts: it blocks the stop signals for every thread it starts. Returns the process's
/// exit status (or ends the process itself after a clean stop).
int run_crmd(const http::server_config& config, std::shared_ptr<const domain::clock> clock);

}  // namespace crm::server
