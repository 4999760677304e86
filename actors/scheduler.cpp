#include "actors/scheduler.hpp"

#include <caf/all.hpp>

namespace crm::actors {

void configure_scheduler(caf::actor_system_config& config) {
  config.set("scheduler.max-threads", 2);
  config.set("scheduler.policy", caf::atom("sharing"));
}

}  // namespace crm::actors
