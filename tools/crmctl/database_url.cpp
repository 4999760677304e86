#include "tools/crmctl/database_url.hpp"

#include <cstdlib>

namespace crm::cli {

std::string database_url() {
  if (const char* url = std::getenv("DATABASE_URL"); url && *url) return url;
  const char* port = std::getenv("CRM_PG_PORT");
  return std::string("postgresql://postgres@127.0.0.1:") + (port && *port ? port : "54329") + "/crm";
}

}  // namespace crm::cli
