#pragma once
// Applies migrations/NNNN_*.sql in order, each exactly once, recorded in schema_migrations.

#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace crm::eventlog {

/// Applies every migration in `directory` not yet recorded; returns the names it applied.
/// A session-level advisory lock makes concurrent servers apply each migration once.
std::vector<std::string> apply_migrations(pqxx::connection& connection, const std::string& directory);

/// True when every migration in `directory` is recorded as applied.
bool migrations_current(pqxx::connection& connection, const std::string& directory);

}  // namespace crm::eventlog
