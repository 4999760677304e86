#include "support/test_database.hpp"

#include <cstdlib>
#include <stdexcept>

#include <pqxx/pqxx>

#include "eventlog/migrator.hpp"
#include "eventlog/uuid.hpp"

namespace crm::testing {

std::string fresh_database() {
  const char* admin = std::getenv("CRM_TEST_DATABASE_URL");
  if (!admin || !*admin) throw std::runtime_error("CRM_TEST_DATABASE_URL is not set: run the tests through tools/test");
  std::string name = "t_" + eventlog::random_uuid().substr(0, 8);
  {
    pqxx::connection c(admin);
    pqxx::nontransaction tx(c);
    tx.exec("CREATE DATABASE " + name);
  }
  std::string url(admin);
  url = url.substr(0, url.rfind('/') + 1) + name;
  pqxx::connection c(url);
  eventlog::apply_migrations(c, std::string(CRM_SOURCE_DIR) + "/migrations");
  return url;
}

}  // namespace crm::testing
