#pragma once
// GET /api/crm/contacts: the contact list, its filters and its search, as api.md's JSON.

#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace crm::queries {

/// GET /api/crm/contacts filters.
struct contact_filter {
  std::string search;  ///< names, email, or phone digits typed in any format
  std::string status;
  std::string tag;
  std::optional<bool> sms_opt_in;
  int limit = 50;
  int skip = 0;
};

/// `"contacts":[...],"pagination":{...}` (the members, without braces) for the filter. A search's
/// total stops counting at max(1000, skip + limit + 1) matches; `totalCapped` says it did.
std::string list_contacts_members(pqxx::connection& connection, const contact_filter& filter);

}  // namespace crm::queries
