#pragma once
// Hot statements run prepared: planning them on every call (unnamed exec_params) was about a
// fifth of PostgreSQL's CPU under webhook load (perf). libpqxx prepares a statement on its
// first use on each connection and again after a reconnect, and PostgreSQL plans it again by
// itself when search_path changes (a rebuild's shadow schema) or a table it names is replaced.

#include <string>
#include <utility>

#include <pqxx/pqxx>

namespace crm::eventlog {

/// Runs `sql` (a constant; `name` names it) as a prepared statement on tx's connection.
template <typename... Args>
pqxx::result exec_prepared_sql(pqxx::transaction_base& tx, const char* name, const std::string& sql, Args&&... args) {
  tx.conn().prepare(name, sql);  // a no-op once defined: the same name always carries the same text
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

}  // namespace crm::eventlog
