#pragma once
// GET /api/crm/sms/messages/:sid/status: the thread a Twilio sid belongs to, before asking Twilio.

#include <string>

#include <pqxx/pqxx>

namespace crm::queries {

/// The thread (E.164) a Twilio sid belongs to, or "".
std::string thread_of_sid(pqxx::connection& connection, const std::string& sid);

}  // namespace crm::queries
