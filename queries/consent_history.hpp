#pragma once
// GET /api/crm/consent/:phone: a number's consent as the log records it, with the evidence.

#include <string>

#include <pqxx/pqxx>

namespace crm::queries {

/// `"phoneNumber":..,"state":..,"events":[...]`: the number's consent grants, revocations and
/// opt-in requests with their evidence, read from the log itself (never a read model).
std::string consent_history_members(pqxx::connection& connection, const std::string& phone);

}  // namespace crm::queries
