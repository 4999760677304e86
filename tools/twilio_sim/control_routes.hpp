#pragma once
// The simulator's own endpoints for tests and demos (no auth): /sim/inbound, /sim/faults,
// /sim/messages, /sim/reset and /healthz.

#include <pistache/http.h>

#include "tools/twilio_sim/sim_state.hpp"

namespace crm::twilio_sim {

/// Answers a /sim/ or /healthz request; never blocks the calling thread.
void handle_control(sim_state& state, const Pistache::Http::Request& request, Pistache::Http::ResponseWriter writer);

}  // namespace crm::twilio_sim
