#pragma once
// GET /api/crm/contacts/:id, and the contact an opt-in request names by id.

#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace crm::queries {

/// The contact document, or nullopt when there is no live contact with that id (a uuid).
std::optional<std::string> find_contact(pqxx::connection& connection, const std::string& id);

}  // namespace crm::queries
