#include "queries/contact.hpp"

namespace crm::queries {
namespace {

constexpr const char* select_contact = "SELECT doc::text FROM contacts_view WHERE id = $1::uuid";
constexpr const char* select_contact_name = "contacts_find";

}  // namespace

std::optional<std::string> find_contact(pqxx::connection& connection, const std::string& id) {
  connection.prepare(select_contact_name, select_contact);
  pqxx::nontransaction tx(connection);
  auto rows = tx.exec_prepared(select_contact_name, id);
  if (rows.empty()) return std::nullopt;
  return std::string(rows[0][0].c_str());
}

}  // namespace crm::queries
