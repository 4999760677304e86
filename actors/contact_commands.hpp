#pragma once
// The commands a contact's own actor decides. A contact is created on its number's thread
// (thread_commands.hpp: create_contact), which alone can keep a number to one contact.

#include <string>

#include "actors/command_reply.hpp"
#include "domain/contact_fields.hpp"
#include "domain/domain_event.hpp"

namespace crm::actors {

/// An agent's change to a contact's fields (api.md, PUT /api/crm/contacts).
struct update_contact {
  std::string contact_id;
  domain::contact_fields fields;
  domain::actor_context ctx;
  start_deadline start_by{};
};

/// An agent's deletion of a contact.
struct remove_contact {
  std::string contact_id;
  domain::actor_context ctx;
  start_deadline start_by{};
};

}  // namespace crm::actors
