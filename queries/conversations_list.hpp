#pragma once
// GET /api/crm/sms/conversations: the conversation list, newest activity first, and its search.

#include <string>

#include <pqxx/pqxx>

namespace crm::queries {

/// `"conversations":[...],"pagination":{...}`, newest activity first; `search` matches names and
/// email, digits (three or more) and message text (a term with three letters or digits in a row).
std::string list_conversations_members(pqxx::connection& connection, const std::string& search, int limit, int skip);

}  // namespace crm::queries
