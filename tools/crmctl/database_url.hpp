#pragma once
// Where every crmctl command finds the database: DATABASE_URL when set, else the private
// cluster that tools/run keeps in var/pg (port CRM_PG_PORT, default 54329, database crm).

#include <string>

namespace crm::cli {

/// DATABASE_URL, or postgresql://postgres@127.0.0.1:${CRM_PG_PORT:-54329}/crm when it is unset.
std::string database_url();

}  // namespace crm::cli
