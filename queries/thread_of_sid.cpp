#include "queries/thread_of_sid.hpp"

namespace crm::queries {
namespace {

constexpr const char* select_thread_of_sid = "SELECT thread_phone FROM messages_view WHERE sid = $1";

}  // namespace

std::string thread_of_sid(pqxx::connection& connection, const std::string& sid) {
  pqxx::read_transaction tx(connection);
  auto rows = tx.exec_params(select_thread_of_sid, sid);
  return rows.empty() ? "" : rows[0][0].c_str();
}

}  // namespace crm::queries
