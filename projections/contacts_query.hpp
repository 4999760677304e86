#pragma once
// Reads of the contacts read model, answering api.md's contact queries as JSON.

#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace crm::projections {

/// GET /api/crm/contacts filters.
struct contact_filter {
  std::string search;   ///< names, email, or phone digits typed in any format
  std::string status;
  std::string tag;
  std::optional<bool> sms_opt_in;
  int limit = 50;
  int skip = 0;
};

/// `"contacts":[...],"pagination":{...}` (the members, without braces) for the filter. A search's
/// total stops counting at max(1000, skip + limit + 1) matches; `totalCapped` says it did.
std::string list_contacts_members(pqxx::connection& connection, const contact_filter& filter);

/// The contact document, or nullopt when there is no live contact with that id (a uuid).
std::optional<std::string> find_contact(pqxx::connection& connection, const std::string& id);

}  // namespace crm::projections
