#pragma once
// GET /api/crm/users: the team from the users read model.

#include <string>

#include <pqxx/pqxx>

namespace crm::queries {

/// `"users":[{_id, email, name, role, active, createdAt}]`, oldest first.
std::string users_members(pqxx::connection& connection);

}  // namespace crm::queries
