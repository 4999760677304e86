#include "tools/crmctl/rebuild/rebuild_shadow.hpp"

#include <chrono>

#include "eventlog/log_reader.hpp"
#include "eventlog/prepared_sql.hpp"

namespace crm::cli {
namespace {

constexpr int batch_size = 5000;
constexpr std::size_t max_examples = 20;

constexpr const char* shadow_schema = "crm_rebuild";
constexpr const char* retired_schema = "crm_retired";

constexpr const char* ensure_checkpoint =
    "INSERT INTO projection_checkpoints (projection, position) VALUES ($1, 0) ON CONFLICT DO NOTHING";
constexpr const char* select_checkpoint = "SELECT position FROM projection_checkpoints WHERE projection = $1";
// FOR UPDATE: crmd's projector moves every checkpoint in the transaction of its rows, so holding
// this row (and the tables) keeps it waiting while the shadow takes their place.
constexpr const char* lock_checkpoint = "SELECT position FROM projection_checkpoints WHERE projection = $1 FOR UPDATE";
constexpr const char* touch_checkpoint = "UPDATE projection_checkpoints SET updated_at = now() WHERE projection = $1";

// Index definitions without their names, so a shadow index (named by CREATE TABLE ... LIKE) can
// be paired with the live index it copies and take the live one's name.
constexpr const char* select_index_renames =
    "WITH defs AS ("
    "  SELECT x.indrelid, i.relname, "
    "         regexp_replace(pg_get_indexdef(i.oid), '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+', 'CREATE \\1INDEX ON') AS "
    "def "
    "  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
    "  WHERE x.indrelid IN ($1::regclass, $2::regclass)) "
    "SELECT s.relname, l.relname FROM defs s JOIN defs l USING (def) "
    "WHERE s.indrelid = $1::regclass AND l.indrelid = $2::regclass AND s.relname <> l.relname";

// The shadow's indexes that enforce no constraint, with definitions that name the shadow table.
constexpr const char* select_plain_indexes =
    "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
    "WHERE x.indrelid = $1::regclass AND NOT x.indisunique";

std::string qualified(pqxx::transaction_base& tx, const char* schema, const std::string& table) {
  return tx.quote_name(schema) + "." + tx.quote_name(table);
}

// Applies events in (from, to] to the shadow tables inside tx; returns how many were read.
// The projection's SQL names its tables unqualified: search_path sends them to the shadow.
std::int64_t replay(pqxx::work& tx, projections::projection& projection, std::int64_t from, std::int64_t to) {
  tx.exec(std::string("SET LOCAL search_path = ") + shadow_schema + ", public");
  std::int64_t count = 0;
  while (from < to) {
    auto events = eventlog::events_between(tx, from, to, batch_size);
    if (events.empty()) break;
    projection.apply_batch(tx, events);
    from = events.back().position;
    count += static_cast<std::int64_t>(events.size());
  }
  return count;
}

// Creates empty shadow tables with the live tables' columns, constraints and indexes, except the
// indexes that enforce nothing: those are dropped and their definitions returned, to be built
// once over the replayed rows (a sorted bulk build is several times cheaper than maintaining a
// trigram GIN index row by row through a million inserts).
std::vector<std::string> create_shadow(pqxx::connection& connection, const projections::projection& projection) {
  std::vector<std::string> deferred;
  pqxx::work tx(connection);
  tx.exec(std::string("CREATE SCHEMA IF NOT EXISTS ") + shadow_schema);
  for (auto& table : projection.tables()) {
    auto shadow = qualified(tx, shadow_schema, table);
    // A shadow left by an interrupted rebuild is stale: start again from an empty copy.
    tx.exec("DROP TABLE IF EXISTS " + shadow);
    // No autovacuum on the shadow: its lock on the table deadlocked with the swap (seen), and
    // build_deferred_indexes analyses the shadow itself.
    tx.exec("CREATE TABLE " + shadow + " (LIKE " + qualified(tx, "public", table) +
            " INCLUDING ALL) WITH (autovacuum_enabled = false)");
    for (auto row : tx.exec_params(select_plain_indexes, shadow)) {
      deferred.push_back(row[1].c_str());
      tx.exec("DROP INDEX " + qualified(tx, shadow_schema, row[0].c_str()));
    }
  }
  tx.exec_params0(ensure_checkpoint, projection.name());
  tx.commit();
  return deferred;
}

void build_deferred_indexes(pqxx::connection& connection, const projections::projection& projection,
                            const std::vector<std::string>& definitions) {
  pqxx::work tx(connection);
  tx.exec("SET LOCAL maintenance_work_mem = '256MB'");
  for (auto& definition : definitions) tx.exec(definition);
  for (auto& table : projection.tables()) tx.exec("ANALYZE " + qualified(tx, shadow_schema, table));
  tx.commit();
}

void compare(pqxx::work& tx, const std::string& table, rebuild_outcome& outcome) {
  auto live = qualified(tx, "public", table), shadow = qualified(tx, shadow_schema, table);
  const std::pair<const char*, std::string> sides[] = {
      {"-", "SELECT r::text FROM (SELECT * FROM " + live + " EXCEPT ALL SELECT * FROM " + shadow + ") r"},
      {"+", "SELECT r::text FROM (SELECT * FROM " + shadow + " EXCEPT ALL SELECT * FROM " + live + ") r"}};
  for (auto& [sign, sql] : sides) {
    for (auto row : tx.exec(sql)) {
      ++outcome.differences;
      if (outcome.examples.size() < max_examples) outcome.examples.push_back(table + ": " + sign + row[0].c_str());
    }
  }
}

void swap_in(pqxx::work& tx, const std::string& table) {
  auto live = qualified(tx, "public", table), shadow = qualified(tx, shadow_schema, table);
  auto renames = tx.exec_params(select_index_renames, shadow, live);
  tx.exec(std::string("CREATE SCHEMA IF NOT EXISTS ") + retired_schema);
  tx.exec("DROP TABLE IF EXISTS " + qualified(tx, retired_schema, table));
  tx.exec("ALTER TABLE " + live + " SET SCHEMA " + retired_schema);
  for (auto row : renames)
    tx.exec("ALTER INDEX " + qualified(tx, shadow_schema, row[0].c_str()) + " RENAME TO " +
            tx.quote_name(row[1].c_str()));
  tx.exec("ALTER TABLE " + shadow + " RESET (autovacuum_enabled)");
  tx.exec("ALTER TABLE " + shadow + " SET SCHEMA public");
  tx.exec("DROP TABLE " + qualified(tx, retired_schema, table));
}

}  // namespace

rebuild_outcome rebuild_projection(pqxx::connection& connection, projections::projection& projection, bool swap) {
  rebuild_outcome outcome;
  auto deferred_indexes = create_shadow(connection, projection);
  // Losing a shadow batch to a crash only loses the shadow, which the next rebuild drops anyway.
  connection.set_variable("synchronous_commit", "off");
  eventlog::plan_each_execution(connection);  // the shadow starts empty: no generic plans from then
  eventlog::disable_jit(connection);

  auto started = std::chrono::steady_clock::now();
  std::int64_t position = 0;
  // The bulk of the log goes into the empty shadow in replay mode: rows kept in memory and
  // written once, with COPY, before the indexes are built.
  projection.begin_replay();
  // Catch up with the live checkpoint (which moves while crmd serves) until the rest is small
  // enough to replay while the live tables are locked.
  for (;;) {
    std::int64_t live = 0;
    {
      pqxx::read_transaction tx(connection);
      live = tx.exec_params1(select_checkpoint, projection.name())[0].as<std::int64_t>();
    }
    if (live - position <= batch_size) break;
    auto target = std::min(live, position + 20 * batch_size);
    pqxx::work tx(connection);
    outcome.events_replayed += replay(tx, projection, position, target);
    tx.commit();
    position = target;
  }
  {
    pqxx::work tx(connection);
    tx.exec(std::string("SET LOCAL search_path = ") + shadow_schema + ", public");
    projection.finish_replay(tx);
    tx.commit();
  }
  // Built before the live tables are locked; the last few events are then applied with them.
  build_deferred_indexes(connection, projection, deferred_indexes);
  pqxx::work tx(connection);
  tx.exec("SET LOCAL synchronous_commit = on");
  std::string tables;
  for (auto& table : projection.tables()) tables += (tables.empty() ? "" : ", ") + qualified(tx, "public", table);
  tx.exec("LOCK TABLE " + tables + " IN ACCESS EXCLUSIVE MODE");
  outcome.position = tx.exec_params1(lock_checkpoint, projection.name())[0].as<std::int64_t>();
  outcome.events_replayed += replay(tx, projection, position, outcome.position);
  outcome.replay_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  tx.exec("SET LOCAL search_path = public");
  for (auto& table : projection.tables()) compare(tx, table, outcome);
  if (swap) {
    for (auto& table : projection.tables()) swap_in(tx, table);
    tx.exec_params0(touch_checkpoint, projection.name());
    tx.commit();
    outcome.swapped = true;
  }
  return outcome;
}

}  // namespace crm::cli
