#include "eventlog/migrator.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <spdlog/spdlog.h>

namespace crm::eventlog {
namespace {

constexpr const char* create_migrations_table =
    "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, "
    "applied_at timestamptz NOT NULL DEFAULT now())";
constexpr const char* lock_migrations = "SELECT pg_advisory_lock(7263511)";
constexpr const char* unlock_migrations = "SELECT pg_advisory_unlock(7263511)";
constexpr const char* select_applied = "SELECT name FROM schema_migrations";
constexpr const char* record_applied = "INSERT INTO schema_migrations (name) VALUES ($1)";

std::vector<std::filesystem::path> migration_files(const std::string& directory) {
  std::vector<std::filesystem::path> files;
  for (auto& entry : std::filesystem::directory_iterator(directory))
    if (entry.path().extension() == ".sql") files.push_back(entry.path());
  if (files.empty()) throw std::runtime_error("no migrations found in " + directory);
  std::sort(files.begin(), files.end());
  return files;
}

std::set<std::string> applied_names(pqxx::connection& connection) {
  pqxx::work tx(connection);
  tx.exec0(create_migrations_table);
  std::set<std::string> names;
  for (auto row : tx.exec(select_applied)) names.insert(row[0].c_str());
  tx.commit();
  return names;
}

}  // namespace

std::vector<std::string> apply_migrations(pqxx::connection& connection, const std::string& directory) {
  auto files = migration_files(directory);
  {
    pqxx::nontransaction lock(connection);
    lock.exec(lock_migrations);
  }
  std::vector<std::string> applied;
  try {
    auto done = applied_names(connection);
    for (auto& file : files) {
      auto name = file.filename().string();
      if (done.count(name)) continue;
      std::ifstream in(file);
      std::stringstream sql;
      sql << in.rdbuf();
      pqxx::work tx(connection);
      tx.exec(sql.str());
      tx.exec_params0(record_applied, name);
      tx.commit();
      spdlog::info("applied migration {}", name);
      applied.push_back(name);
    }
  } catch (...) {
    pqxx::nontransaction unlock(connection);
    unlock.exec(unlock_migrations);
    throw;
  }
  pqxx::nontransaction unlock(connection);
  unlock.exec(unlock_migrations);
  return applied;
}

bool migrations_current(pqxx::connection& connection, const std::string& directory) {
  auto done = applied_names(connection);
  for (auto& file : migration_files(directory))
    if (!done.count(file.filename().string())) return false;
  return true;
}

}  // namespace crm::eventlog
