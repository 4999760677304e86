#include "queries/unresolved_sends.hpp"

namespace crm::queries {
namespace {

constexpr const char* select_unresolved =
    "SELECT DISTINCT thread_phone FROM messages_view WHERE direction = 'outbound' AND sid IS NULL AND status = "
    "'queued'";

}  // namespace

std::vector<std::string> threads_with_unresolved_sends(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  std::vector<std::string> phones;
  for (auto row : tx.exec(select_unresolved)) phones.push_back(row[0].c_str());
  return phones;
}

}  // namespace crm::queries
