#pragma once
// A contact's decisions and state (stream `contact-<uuid>`): decide -> events, evolve -> state.
// The number's uniqueness and consent belong to its thread (stream `thread-<E.164>`), so the
// events for both streams are decided here and appended together by the actors.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/contact_events.hpp"
#include "domain/contact_fields.hpp"
#include "domain/domain_event.hpp"
#include "domain/thread_events.hpp"

namespace crm::domain {

/// What a contact stream has established.
struct contact_state {
  std::string id;
  bool exists = false;
  bool deleted = false;
  std::string phone;  ///< E.164
  bool sms_opt_in = false;
  std::string document;  ///< the contact's fields as JSON (api.md's Contact, without consent)
};

/// Applies one event of the contact's stream.
void evolve(contact_state& state, const contact_event& event);

/// Events of one decision, by stream.
struct contact_decision {
  domain::contact_events contact_events;
  domain::thread_events thread_events;      ///< for the thread of `phone`
  domain::thread_events old_thread_events;  ///< for the thread of the previous phone (a phone change)
  std::string phone;
  std::string old_phone;
};

/// Creating contact `id` with `fields` on a number no live contact holds.
contact_decision decide_create(const std::string& id, const contact_fields& fields, const actor_context& ctx);

/// Updating with `fields`; nullopt-free: an update that changes nothing still records who looked.
contact_decision decide_update(const contact_state& state, const contact_fields& fields, const actor_context& ctx);

/// Deleting: a tombstone; the number's consent history stays on its thread.
contact_decision decide_delete(const contact_state& state, const actor_context& ctx);

/// ConsentGranted (checkbox) evidence for `phone`, on behalf of `contact_id`.
events::consent_granted consent_granted_by_checkbox(const std::string& phone, const std::string& contact_id,
                                                    const std::string& wording_version, const actor_context& ctx);

/// ConsentRevoked by an agent: unticking the checkbox, or confirming that a text revoked consent
/// (a resolved possible opt-out), with a note saying why when there is one.
events::consent_revoked consent_revoked_by_agent(const std::string& phone, const std::string& contact_id,
                                                 const actor_context& ctx, const std::string& note = "");

}  // namespace crm::domain
