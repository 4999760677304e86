#include "queries/users_list.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::queries {
namespace {

constexpr const char* select_users =
    "SELECT id::text, email, name, role, active, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM users ORDER BY created_at, id";

}  // namespace

std::string users_members(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (const auto& row : tx.exec(select_users)) {
    w.StartObject();
    for (auto [key, column] : {std::pair{"_id", 0}, {"email", 1}, {"name", 2}, {"role", 3}}) {
      w.Key(key);
      w.String(row[column].c_str(), static_cast<rapidjson::SizeType>(row[column].size()));
    }
    w.Key("active");
    w.Bool(row[4].as<bool>());
    w.Key("createdAt");
    w.String(row[5].c_str(), static_cast<rapidjson::SizeType>(row[5].size()));
    w.EndObject();
  }
  w.EndArray();
  return std::string("\"users\":") + buffer.GetString();
}

}  // namespace crm::queries
