#include "queries/message.hpp"

#include "queries/message_json.hpp"

namespace crm::queries {
namespace {

const std::string select_message = std::string("SELECT ") + message_json +
                                   "::text FROM messages_view m WHERE m.id = $1 OR m.sid = $1 LIMIT 1";

}  // namespace

std::optional<std::string> find_message(pqxx::connection& connection, const std::string& id_or_sid) {
  pqxx::read_transaction tx(connection);
  auto rows = tx.exec_params(select_message, id_or_sid);
  if (rows.empty()) return std::nullopt;
  return std::string(rows[0][0].c_str());
}

}  // namespace crm::queries
