#pragma once
// Hot statements run prepared: parsing and planning them on every call (unnamed exec_params)
// was about a fifth of PostgreSQL's CPU under webhook load (perf); preparing saves the parse. libpqxx prepares a statement on its
// first use on each connection and again after a reconnect, and PostgreSQL plans it again by
// itself when search_path changes (a rebuild's shadow schema) or a table it names is replaced.

#include <string>
#include <utility>

#include <pqxx/pqxx>

namespace crm::eventlog {

/// Makes `connection` plan every execution of a prepared statement for its actual values. A
/// generic plan made while a table was nearly empty (a new database) stays a sequential scan as
/// the table grows: the append's known-id look-up became a hash anti-join over all events, and
/// the contact load slowed from 611 to 395/s within 20,000 creates. Parsing is still saved.
inline void plan_each_execution(pqxx::connection_base& connection) {
  connection.set_variable("plan_cache_mode", "force_custom_plan");
}

/// Turns JIT compilation off on `connection`. Every statement the server runs touches a few rows
/// through indexes, but an estimate can still pass jit_above_cost: the contacts projection's
/// upsert did once contact_phone_suffixes held ~650,000 rows (a set-returning function is
/// assumed to return 1,000), and each call then spent 20-25 ms compiling to run for 3 ms, which
/// cut the contact load from 2,500/s to 900/s after 70,000 contacts (docs/benchmarks.md).
inline void disable_jit(pqxx::connection_base& connection) { connection.set_variable("jit", "off"); }

/// Runs `sql` (a constant; `name` names it) as a prepared statement on tx's connection.
template <typename... Args>
pqxx::result exec_prepared_sql(pqxx::transaction_base& tx, const char* name, const std::string& sql, Args&&... args) {
  tx.conn().prepare(name, sql);  // a no-op once defined: the same name always carries the same text
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

}  // namespace crm::eventlog
