#pragma once
// Recovery after a crash (server/send_recovery.cpp): the threads whose sends may never have reached Twilio.

#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace crm::queries {

/// Numbers whose threads hold a send with no recorded outcome.
std::vector<std::string> threads_with_unresolved_sends(pqxx::connection& connection);

}  // namespace crm::queries
