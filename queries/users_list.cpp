#include "queries/users_list.hpp"

namespace crm::queries {
namespace {

// The JSON is built by PostgreSQL: one round trip, and the text is escaped by its JSON writer.
constexpr const char* select_users =
    "SELECT coalesce(json_agg(json_build_object('_id', id, 'email', email, 'name', name, 'role', role, "
    "'active', active, 'createdAt', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')) "
    "ORDER BY created_at, id), '[]')::text FROM users";

}  // namespace

std::string users_members(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  return "\"users\":" + tx.exec1(select_users)[0].as<std::string>();
}

}  // namespace crm::queries
