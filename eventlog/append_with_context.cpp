// The detailed way, for every batch the one call does not take or declines: BEGIN, the lock, one
// read of everything the decision needs, the decision (eventlog/append_decision.cpp, no SQL), one
// write statement, COMMIT. A conflict or a repeated event id fails or short-circuits only its own
// append.

#include <algorithm>
#include <stdexcept>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "eventlog/append_commit.hpp"
#include "eventlog/append_decision.hpp"
#include "eventlog/event_chain.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/prepared_sql.hpp"

namespace crm::eventlog {
namespace {

// Everything the batch's decision needs, in one round trip after the lock: the streams' versions
// ('s'), the event ids already in the log ('k'), for every other event a position drawn from the
// sequence with the canonical text of its data and metadata (what `data::text` prints, which the
// hash covers) and its canonical id ('e'), and the chain head, locked, with the transaction's
// time ('h').
constexpr const char* select_batch_context =
    "WITH head AS (SELECT position, encode(hash, 'hex') AS hash FROM event_chain_head FOR UPDATE) "
    "SELECT 's', s.id, v.version, NULL::bigint, NULL::text, NULL::text, NULL::text "
    "FROM jsonb_array_elements_text($1::jsonb) AS s(id) CROSS JOIN LATERAL "
    "(SELECT x.version FROM events x WHERE x.stream_id = s.id ORDER BY x.version DESC LIMIT 1) v "
    "UNION ALL SELECT 'k', event_id::text, version, position, stream_id, NULL, NULL FROM events "
    "WHERE event_id = ANY(ARRAY(SELECT e.event_id FROM jsonb_to_recordset($2::jsonb) AS e(event_id uuid))) "
    "UNION ALL SELECT 'e', e.ord::text, NULL, nextval('events_position_seq'), e.data::text, e.metadata::text, "
    "e.event_id::text FROM jsonb_to_recordset($2::jsonb) AS e(ord int, event_id uuid, data jsonb, metadata jsonb) "
    "WHERE NOT EXISTS (SELECT 1 FROM events x WHERE x.event_id = e.event_id) "
    "UNION ALL SELECT 'h', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), NULL, position, "
    "hash, NULL, NULL FROM head";

// The batch's rows with their positions, times and hashes, the chain head and the wake-up for
// projectors: one statement (PostgreSQL runs every data-modifying CTE whether the outer query
// reads it or not). A stream's version is its last event's (migration 0012).
constexpr const char* write_batch =
    "WITH inserted AS (INSERT INTO events (position, stream_id, version, event_id, type, data, metadata, "
    "recorded_at, hash) SELECT e.position, e.stream_id, e.version, e.event_id, e.type, e.data, e.metadata, "
    "e.recorded_at, decode(e.hash, 'hex') FROM jsonb_to_recordset($1::jsonb) AS e(position bigint, stream_id text, "
    "version bigint, event_id uuid, type text, data jsonb, metadata jsonb, recorded_at timestamptz, hash text)) "
    "SELECT event_chain_advance($2, decode($3, 'hex')), pg_notify($4, $2::text)";

using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string json_string_array(const std::vector<std::string>& items) {
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  w.StartArray();
  for (auto& item : items) w.String(item.c_str(), static_cast<rapidjson::SizeType>(item.size()));
  w.EndArray();
  return buffer.GetString();
}

// The read's parameters: the batch's streams, and its events numbered in order.
struct context_query {
  std::string stream_ids, candidates;
};

context_query context_query_of(const std::vector<append_request>& batch) {
  std::vector<std::string> stream_ids;
  rapidjson::StringBuffer candidates;  // every event of the batch, numbered in order
  json_writer c(candidates);
  c.StartArray();
  int ord = 0;
  for (auto& request : batch)
    for (auto& stream : request.streams) {
      stream_ids.push_back(stream.stream_id);
      for (auto& event : stream.events) {
        c.StartObject();
        c.Key("ord");
        c.Int(ord++);
        c.Key("event_id");
        c.String(event.event_id.c_str());
        c.Key("data");
        c.RawValue(event.data.c_str(), event.data.size(), rapidjson::kObjectType);
        c.Key("metadata");
        c.RawValue(event.metadata.c_str(), event.metadata.size(), rapidjson::kObjectType);
        c.EndObject();
      }
    }
  c.EndArray();
  return {json_string_array(stream_ids), candidates.GetString()};
}

// The read: takes the lock in `tx` and returns what the decision needs, in one round trip
// besides the lock.
append_context read_context(pqxx::work& tx, const context_query& query) {
  tx.exec(async_commit_and_lock);
  append_context context;
  for (auto row :
       exec_prepared_sql(tx, "append_batch_context", select_batch_context, query.stream_ids, query.candidates)) {
    char kind = row[0].c_str()[0];
    if (kind == 's') {
      context.versions[row[1].c_str()] = row[2].as<std::int64_t>();
    } else if (kind == 'k') {
      context.known[row[1].c_str()] = {row[4].c_str(), row[2].as<std::int64_t>(), row[3].as<std::int64_t>()};
    } else if (kind == 'e') {
      context.positions.push_back(row[3].as<std::int64_t>());
      context.texts[row[1].as<int>()] = {row[4].c_str(), row[5].c_str(), row[6].c_str()};
    } else {
      context.recorded_at = row[1].c_str();
      if (!row[4].is_null()) context.previous_hash = from_hex(row[4].c_str());
    }
  }
  if (context.recorded_at.empty()) throw std::runtime_error("the event log has no chain head (migration 0005 missing)");
  // One statement draws the positions in no promised order; sorted, they follow the batch.
  std::sort(context.positions.begin(), context.positions.end());
  return context;
}

// The write: the plan's rows, the chain head and the NOTIFY in one statement (none when the plan
// writes nothing).
void write_plan(pqxx::work& tx, const append_plan& plan, const std::string& recorded_at) {
  if (plan.rows.empty()) return;
  rapidjson::StringBuffer rows;
  json_writer w(rows);
  w.StartArray();
  for (auto& row : plan.rows) {
    auto& event = *row.event;
    w.StartObject();
    w.Key("position");
    w.Int64(row.position);
    w.Key("stream_id");
    w.String(row.stream_id->c_str());
    w.Key("version");
    w.Int64(row.version);
    w.Key("event_id");
    w.String(event.event_id.c_str());
    w.Key("type");
    w.String(event.type.c_str());
    w.Key("data");
    w.RawValue(event.data.c_str(), event.data.size(), rapidjson::kObjectType);
    w.Key("metadata");
    w.RawValue(event.metadata.c_str(), event.metadata.size(), rapidjson::kObjectType);
    w.Key("recorded_at");
    w.String(recorded_at.c_str());
    w.Key("hash");
    w.String(to_hex(row.hash).c_str());
    w.EndObject();
  }
  w.EndArray();
  exec_prepared_sql(tx, "append_batch_write", write_batch, std::string(rows.GetString()), plan.last_position,
                    to_hex(plan.head_hash), std::string(append_channel));
}

}  // namespace

std::vector<append_result> event_store::append_with_context(const std::vector<append_request>& batch) {
  auto query = context_query_of(batch);
  pqxx::work tx(*connection_);
  auto context = read_context(tx, query);
  auto recorded_at = context.recorded_at;
  auto plan = decide_append(batch, std::move(context));
  write_plan(tx, plan, recorded_at);
  tx.commit();
  if (!plan.rows.empty()) {
    pqxx::nontransaction flush(*connection_);
    flush.exec(flush_wal);
  }
  return std::move(plan.results);
}

}  // namespace crm::eventlog
