#pragma once
// How crmd's actors are scheduled, in one place so the benchmarks run the actors the same way.

#include <caf/fwd.hpp>

namespace crm::actors {

/// Two worker threads (the machine's cores) on one shared queue whose idle workers wait on a
/// condition variable. CAF's default work-stealing workers poll with 50 us sleeps between bursts
/// of messages: under the contact load that was about 30% of crmd's CPU (0.63 -> 0.35 ms per
/// contact created), and 18% of `crmctl bench append`'s samples were those sleeps
/// (docs/benchmarks.md).
void configure_scheduler(caf::actor_system_config& config);

}  // namespace crm::actors
