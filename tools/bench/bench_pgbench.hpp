#pragma once
// pgbench as the baseline of the append benchmark: single-row INSERTs, one commit each, from
// several clients, on the same cluster the appender writes to.

#include <string>

#include <pqxx/pqxx>

namespace crm::cli {

/// What one pgbench run reported.
struct pgbench_result {
  bool ok = false;
  double tps = 0;         ///< "tps = ..." (without initial connection time)
  long transactions = 0;  ///< "number of transactions actually processed"
  std::string output;     ///< pgbench's stdout and stderr, for the error message
};

/// pgbench from PATH, else PostgreSQL 15's bin directory; "" when neither has it.
std::string find_pgbench();

/// Creates bench_insert(id bigserial primary key, v jsonb) when absent.
void create_insert_table(pqxx::connection& connection);

/// Drops bench_insert again, so the benchmark leaves only the log behind.
void drop_insert_table(pqxx::connection& connection);

/// Runs `pgbench -n -c clients -j threads -T seconds` with one single-row INSERT per transaction.
pgbench_result run_pgbench_inserts(const std::string& pgbench, const std::string& database_url, int seconds,
                                   int clients, int threads);

}  // namespace crm::cli
