#pragma once
// Hot statements run prepared: parsing and planning them on every call (unnamed exec_params) is a
// large share of PostgreSQL's CPU under webhook load (docs/benchmarks.md); preparing saves the
// parse. libpqxx prepares a statement on its first use on each connection and again after a
// reconnect, and PostgreSQL plans it again by itself when search_path changes (a rebuild's shadow
// schema) or a table it names is replaced.

#include <string>
#include <utility>

#include <pqxx/pqxx>

namespace crm::eventlog {

/// Makes `connection` plan every execution of a prepared statement for its actual values. A
/// generic plan made while a table was nearly empty (a new database) stays a sequential scan as
/// the table grows (the append's known-id look-up would be a hash anti-join over all events, and
/// the load slows as the tables grow; docs/benchmarks.md). Parsing is still saved.
inline void plan_each_execution(pqxx::connection_base& connection) {
  connection.set_variable("plan_cache_mode", "force_custom_plan");
}

/// Turns JIT compilation off on `connection`. Every statement the server runs touches a few rows
/// through indexes, but an estimate can still pass jit_above_cost (a set-returning function is
/// assumed to return 1,000 rows, say), and a call then spends far longer compiling than running
/// (docs/benchmarks.md, the contacts projection's upsert).
inline void disable_jit(pqxx::connection_base& connection) { connection.set_variable("jit", "off"); }

/// Runs `sql` (a constant; `name` names it) as a prepared statement on tx's connection.
template <typename... Args>
pqxx::result exec_prepared_sql(pqxx::transaction_base& tx, const char* name, const std::string& sql, Args&&... args) {
  tx.conn().prepare(name, sql);  // a no-op once defined: the same name always carries the same text
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

}  // namespace crm::eventlog
