#pragma once
// GET /api/crm/sms/messages: a thread's, a contact's or all messages, newest page first.

#include <string>

#include <pqxx/pqxx>

namespace crm::queries {

/// GET /api/crm/sms/messages filters.
struct message_filter {
  std::string contact_id;
  std::string phone;
  std::string direction;
  int limit = 100;
  int skip = 0;
};

/// `"messages":[...],"pagination":{...}`: the newest page first, oldest first within it.
std::string list_messages_members(pqxx::connection& connection, const message_filter& filter);

}  // namespace crm::queries
