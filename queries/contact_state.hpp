#pragma once
// A send's quiet hours (POST /api/crm/sms/send and the conversation's send): where the recipient lives.

#include <string>

#include <pqxx/pqxx>

namespace crm::queries {

/// The address state of the contact holding `phone` ("" when none).
std::string contact_state_of(pqxx::connection& connection, const std::string& phone);

}  // namespace crm::queries
