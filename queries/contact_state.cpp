#include "queries/contact_state.hpp"

namespace crm::queries {
namespace {

constexpr const char* select_contact_state =
    "SELECT coalesce(doc -> 'address' ->> 'state', '') FROM contacts_view WHERE phone = $1 LIMIT 1";

}  // namespace

std::string contact_state_of(pqxx::connection& connection, const std::string& phone) {
  pqxx::read_transaction tx(connection);
  auto rows = tx.exec_params(select_contact_state, phone);
  return rows.empty() ? "" : rows[0][0].c_str();
}

}  // namespace crm::queries
