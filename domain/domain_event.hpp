#pragma once
// An event as domain/ decides it: a type and a JSON object. Ids, metadata and positions are
// added by the actor that appends it.

#include <string>
#include <vector>

namespace crm::domain {

/// A decided event.
struct domain_event {
  std::string type;
  std::string data;  ///< JSON object text
};

using domain_events = std::vector<domain_event>;

/// Who did something, from where: carried into consent evidence and event metadata.
struct actor_context {
  std::string user_id;
  std::string user_email;
  std::string ip;
  std::string user_agent;
  std::string request_id;
  std::string now;  ///< ISO 8601 UTC time of the command
};

}  // namespace crm::domain
