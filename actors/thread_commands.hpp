#pragma once
// The commands a number's thread actor decides, one struct each. Every one names the thread
// by `phone` (E.164), which is how the directory finds the actor, and carries the deadline by
// which the actor must start it (set by the HTTP bridge).

#include <cstdint>
#include <string>
#include <vector>

#include "actors/command_reply.hpp"
#include "domain/contact.hpp"
#include "domain/contact_fields.hpp"
#include "domain/domain_event.hpp"
#include "domain/message_status.hpp"
#include "domain/possible_opt_out_resolution.hpp"
#include "domain/thread_decisions.hpp"
#include "twilio/twilio_message.hpp"

namespace crm::actors {

/// A new contact on this number; refused when another contact holds it.
struct create_contact {
  std::string phone;
  std::string contact_id;
  domain::contact_fields fields;
  domain::actor_context ctx;
  start_deadline start_by{};
};

/// A contact's update or deletion that moves to, away from or changes consent on this number,
/// decided by the contact's actor at `contact_expected_version` of its stream.
struct change_contact {
  std::string phone;
  std::string contact_id;
  domain::contact_decision change;
  std::int64_t contact_expected_version = 0;
  domain::actor_context ctx;
  start_deadline start_by{};
};

/// An outbound text: the consent check, its record, and the hand-over to the gateway.
struct send_text {
  std::string phone;
  domain::outbound_request outbound;
  std::string address_state;  ///< the contact's state, for quiet hours
  domain::actor_context ctx;
  start_deadline start_by{};
};

/// A text Twilio delivered (the webhook).
struct receive_text {
  std::string phone;
  domain::inbound_text text;
  domain::actor_context ctx;
  start_deadline start_by{};
};

/// A status Twilio reported for our text `sid` (a callback).
struct record_status {
  std::string phone;
  std::string sid;
  domain::status_update update;
  start_deadline start_by{};
};

/// Asks Twilio for text `sid`'s status now and records it.
struct refresh_status {
  std::string phone;
  std::string sid;
  start_deadline start_by{};
};

/// The agent read the thread.
struct mark_read {
  std::string phone;
  domain::actor_context ctx;
  start_deadline start_by{};
};

/// Imports the last `limit` texts Twilio has between our number and this one (history sync).
struct sync_history {
  std::string phone;
  int limit = 100;
  domain::actor_context ctx;
  start_deadline start_by{};
};

/// After a restart: resolves this number's sends whose outcome was never recorded.
struct recover_sends {
  std::string phone;
  start_deadline start_by{};
};

/// An agent's answer to a text that read as a request to stop texting.
struct resolve_possible_opt_out {
  std::string phone;
  domain::possible_opt_out_resolution resolution = domain::possible_opt_out_resolution::keep;
  std::string reason;
  domain::actor_context ctx;
  start_deadline start_by{};
};

}  // namespace crm::actors
