#pragma once
// Twilio's Messages API as the simulator serves it: Create, List, Fetch under
// /2010-04-01/Accounts/{AccountSid}/, Basic auth, injected faults, Twilio's JSON.

#include <pistache/http.h>

#include "tools/twilio_sim/sim_state.hpp"

namespace crm::twilio_sim {

/// Answers a request whose path starts with /2010-04-01/; never blocks the calling thread.
void handle_rest(sim_state& state, const Pistache::Http::Request& request, Pistache::Http::ResponseWriter writer);

/// The decoded query parameters of a request.
twilio::form_params decoded_query(const Pistache::Http::Request& request);

}  // namespace crm::twilio_sim
