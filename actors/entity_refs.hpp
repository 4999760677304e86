#pragma once
// What every entity actor (contact, thread) is spawned with.

#include <chrono>
#include <memory>
#include <string>

#include <caf/actor.hpp>

#include "actors/entity_interfaces.hpp"
#include "actors/log_access.hpp"
#include "actors/opt_out_board.hpp"
#include "domain/clock.hpp"
#include "domain/thread_decisions.hpp"

namespace crm::actors {

/// Handles and settings shared by the directory and the entity actors it spawns.
struct entity_refs {
  directory_actor directory;
  log_access log;
  std::chrono::milliseconds idle_timeout{60000};  ///< an actor idle this long passivates
  caf::actor gateway;                             ///< Twilio (invalid when Twilio is not configured)
  std::string from_number;                        ///< the CRM's own number
  std::shared_ptr<const domain::keyword_replies> replies;
  std::chrono::milliseconds reply_within{10000};  ///< a send still retrying after this answers 202
  /// The clock of every decision and of the times events record (domain/clock.hpp).
  std::shared_ptr<const domain::clock> clock = std::make_shared<domain::system_clock>();
  /// Opted-out numbers, for the gateway to check before each attempt (null: not kept).
  std::shared_ptr<opt_out_board> opt_outs;
};

}  // namespace crm::actors
