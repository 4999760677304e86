#pragma once
// The events of a contact's stream (`contact-<uuid>`), in the shape the log holds them
// (domain/event_codec.hpp). A contact's number and consent live on the number's thread
// (thread_events.hpp); the contact stream keeps its document.

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "domain/event_codec.hpp"

namespace crm::domain::events {

/// A new contact: its whole document (api.md's Contact, without consent).
struct contact_created {
  static constexpr std::string_view type = "ContactCreated";
  std::string contact_id;
  raw_json contact;
  static constexpr auto fields() {
    return std::make_tuple(required("contactId", &contact_created::contact_id),
                           required("contact", &contact_created::contact));
  }
};

/// The members a change set, merged one level deep into the document (contact.cpp).
struct contact_updated {
  static constexpr std::string_view type = "ContactUpdated";
  std::string contact_id;
  raw_json changes;
  static constexpr auto fields() {
    return std::make_tuple(required("contactId", &contact_updated::contact_id),
                           required("changes", &contact_updated::changes));
  }
};

/// A tombstone: the number's consent history stays on its thread.
struct contact_deleted {
  static constexpr std::string_view type = "ContactDeleted";
  std::string contact_id, phone, deleted_at;
  static constexpr auto fields() {
    return std::make_tuple(required("contactId", &contact_deleted::contact_id),
                           required("phone", &contact_deleted::phone),
                           required("deletedAt", &contact_deleted::deleted_at));
  }
};

}  // namespace crm::domain::events

namespace crm::domain {

/// Any event of a contact stream.
using contact_event = std::variant<events::contact_created, events::contact_updated, events::contact_deleted>;
using contact_events = std::vector<contact_event>;

domain_events encode_all(const contact_events& events);

/// A contact event from the log, or nullopt for another stream's type; malformed_event when the
/// data does not read.
std::optional<contact_event> decode_contact_event(std::string_view type, std::string_view data,
                                                  std::int64_t position = 0);

}  // namespace crm::domain
