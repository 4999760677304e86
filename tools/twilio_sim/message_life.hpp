#pragma once
// Plays an outbound message's life after Create: sending, sent, then delivered (or undelivered
// with 30003 for a To ending in 0000), each step stored and then posted as a signed status
// callback, `callback_delay` apart, on the simulator's callback thread.

#include <string>

#include "tools/twilio_sim/sim_state.hpp"

namespace crm::twilio_sim {

/// Schedules the steps of message `sid`; steps of a message that was reset away are dropped.
void start_message_life(sim_state& state, const std::string& sid);

}  // namespace crm::twilio_sim
