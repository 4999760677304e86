#pragma once
// GET /api/crm/sms/messages/:id, and the message a send or a status callback answers with.

#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace crm::queries {

/// One SMSMessage (api.md) by our id or Twilio's sid, or nullopt.
std::optional<std::string> find_message(pqxx::connection& connection, const std::string& id_or_sid);

}  // namespace crm::queries
