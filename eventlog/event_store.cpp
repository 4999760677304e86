#include "eventlog/event_store.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <spdlog/spdlog.h>

#include "eventlog/event_chain.hpp"
#include "eventlog/prepared_sql.hpp"

namespace crm::eventlog {
namespace {

// Every appender takes a transaction-level lock (key 7263510) before drawing positions, so
// positions become visible in commit order and a reader may safely follow `position > checkpoint`.
// The lock is held until the commit ends, so with a synchronous commit every appender
// would wait out the previous one's WAL flush (2-3 ms here) before it may even read. The batch
// therefore commits asynchronously (releasing the lock at once) and is made durable right after
// by a tiny synchronous transaction: its commit record comes later in the WAL, so flushing it
// flushes the batch, and only then is anyone told the batch was written. Meanwhile the next
// batch, on another connection, holds the lock. Whatever a crash loses was never acknowledged.
constexpr const char* async_commit_and_lock =
    "SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock(7263510)";
constexpr const char* flush_wal = "BEGIN; SELECT pg_current_xact_id(); COMMIT";

// The common case in one round trip (migrations 0011, 0012): checks, lock, positions, hashes,
// rows, chain head and NOTIFY in one call that commits asynchronously. It returns no rows, and
// writes nothing, when a stream is not at the version expected; it fails, and writes nothing,
// when an event id is already in the log. Both send the batch the detailed way below.
constexpr const char* append_in_one_call =
    "SELECT batch_ord, event_position, event_version FROM event_append_batch($1::jsonb, $2)";

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

constexpr const char* event_columns =
    "position, stream_id, version, event_id::text, type, data::text, metadata::text, "
    "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

const std::string select_stream_events = std::string("SELECT ") + event_columns +
    " FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version";

const std::string select_events_after = std::string("SELECT ") + event_columns +
    " FROM events WHERE position > $1 ORDER BY position LIMIT $2";

constexpr const char* select_head = "SELECT coalesce(max(position), 0) FROM events";

using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;

std::string json_string_array(const std::vector<std::string>& items) {
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  w.StartArray();
  for (auto& item : items) w.String(item.c_str(), static_cast<rapidjson::SizeType>(item.size()));
  w.EndArray();
  return buffer.GetString();
}

recorded_event to_event(const pqxx::row& row) {
  recorded_event e;
  e.position = row[0].as<std::int64_t>();
  e.stream_id = row[1].c_str();
  e.version = row[2].as<std::int64_t>();
  e.event_id = row[3].c_str();
  e.type = row[4].c_str();
  e.data = row[5].c_str();
  e.metadata = row[6].c_str();
  e.recorded_at = row[7].c_str();
  return e;
}

struct known_event {
  std::string stream_id;
  std::int64_t version;
  std::int64_t position;
};

}  // namespace

event_store::event_store(std::string database_url) : database_url_(std::move(database_url)) {
  ensure_connected();
}

pqxx::connection& event_store::connection() {
  ensure_connected();
  return *connection_;
}

void event_store::ensure_connected() {
  if (connection_ && connection_->is_open()) return;
  connection_ = std::make_unique<pqxx::connection>(database_url_);
  plan_each_execution(*connection_);
  disable_jit(*connection_);
}

append_result event_store::append(const append_request& request) {
  return append_batch({request}).front();
}

std::vector<append_result> event_store::append_batch(const std::vector<append_request>& batch) {
  // Event ids make every append idempotent, so a batch whose commit outcome is unknown (the
  // connection broke) can simply be sent again: what committed comes back as the original result.
  for (int attempt = 0;; ++attempt) {
    try {
      ensure_connected();
      return append_in_transaction(batch);
    } catch (const pqxx::broken_connection& e) {
      connection_.reset();
      if (attempt >= 2) {
        std::vector<append_result> failed(batch.size());
        for (auto& r : failed) r.message = std::string("database unavailable: ") + e.what();
        return failed;
      }
    } catch (const std::exception& e) {
      // Something in the batch broke the transaction (bad JSON, say): isolate it by
      // appending each request on its own, so one bad append fails alone.
      if (batch.size() == 1) {
        append_result failed;
        failed.message = e.what();
        spdlog::warn("append failed: {}", e.what());
        return {failed};
      }
      std::vector<append_result> results;
      for (auto& request : batch) results.push_back(append_batch({request}).front());
      return results;
    }
  }
}

std::vector<append_result> event_store::append_in_transaction(const std::vector<append_request>& batch) {
  if (auto results = append_in_one_statement(batch)) return *results;
  return append_with_context(batch);
}

std::optional<std::vector<append_result>> event_store::append_in_one_statement(const std::vector<append_request>& batch) {
  // The one-call path decides per batch, not per request: it takes batches where no stream is
  // named twice, no event id repeats and every stream brings events. Anything else (and any
  // batch the log itself declines) goes the detailed way, which answers request by request.
  std::unordered_set<std::string> streams_seen, ids_seen;
  rapidjson::StringBuffer rows;
  json_writer w(rows);
  w.StartArray();
  int ord = 0;
  for (auto& request : batch) {
    if (request.streams.empty()) return std::nullopt;
    for (auto& stream : request.streams) {
      if (stream.events.empty() || !streams_seen.insert(stream.stream_id).second) return std::nullopt;
      for (auto& event : stream.events) {
        if (!ids_seen.insert(event.event_id).second) return std::nullopt;
        w.StartObject();
        w.Key("ord"); w.Int(ord++);
        w.Key("stream_id"); w.String(stream.stream_id.c_str());
        w.Key("expected");
        if (stream.expected_version == expected::any) w.Null(); else w.Int64(stream.expected_version);
        w.Key("event_id"); w.String(event.event_id.c_str());
        w.Key("type"); w.String(event.type.c_str());
        w.Key("data"); w.RawValue(event.data.c_str(), event.data.size(), rapidjson::kObjectType);
        w.Key("metadata"); w.RawValue(event.metadata.c_str(), event.metadata.size(), rapidjson::kObjectType);
        w.EndObject();
      }
    }
  }
  w.EndArray();

  std::vector<std::int64_t> positions(static_cast<size_t>(ord)), versions(static_cast<size_t>(ord));
  {
    pqxx::nontransaction call(*connection_);
    pqxx::result written;
    try {
      written = exec_prepared_sql(call, "append_in_one_call", append_in_one_call, std::string(rows.GetString()),
                                  std::string(append_channel));
    } catch (const pqxx::unique_violation&) {
      // An event id already in the log (a retried append), or a concurrent append to one of
      // these streams that overtook the version look-up made before the lock: nothing was
      // written, and the detailed way decides.
      return std::nullopt;
    }
    if (written.empty()) return std::nullopt;
    for (auto row : written) {
      auto at = row[0].as<size_t>();
      positions.at(at) = row[1].as<std::int64_t>();
      versions.at(at) = row[2].as<std::int64_t>();
    }
    call.exec(flush_wal);
  }

  std::vector<append_result> results(batch.size());
  size_t at = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    auto& result = results[i];
    result.status = append_status::ok;
    for (auto& stream : batch[i].streams) {
      for (size_t e = 0; e < stream.events.size(); ++e, ++at) result.last_position = std::max(result.last_position, positions[at]);
      result.new_versions.push_back(versions[at - 1]);
    }
  }
  return results;
}

std::vector<append_result> event_store::append_with_context(const std::vector<append_request>& batch) {
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
        c.Key("ord"); c.Int(ord++);
        c.Key("event_id"); c.String(event.event_id.c_str());
        c.Key("data"); c.RawValue(event.data.c_str(), event.data.size(), rapidjson::kObjectType);
        c.Key("metadata"); c.RawValue(event.metadata.c_str(), event.metadata.size(), rapidjson::kObjectType);
        c.EndObject();
      }
    }
  c.EndArray();

  pqxx::work tx(*connection_);
  tx.exec(async_commit_and_lock);

  std::unordered_map<std::string, std::int64_t> versions;  // by stream, as the batch moves them
  std::unordered_map<std::string, known_event> known;
  struct candidate_text {
    std::string data, metadata, event_id;
  };
  std::unordered_map<int, candidate_text> texts;  // by ord
  std::vector<std::int64_t> positions;            // drawn for the batch, handed out in order
  std::string recorded_at, previous_hash;
  for (auto row : exec_prepared_sql(tx, "append_batch_context", select_batch_context, json_string_array(stream_ids),
                                        std::string(candidates.GetString()))) {
    char kind = row[0].c_str()[0];
    if (kind == 's') {
      versions[row[1].c_str()] = row[2].as<std::int64_t>();
    } else if (kind == 'k') {
      known[row[1].c_str()] = {row[4].c_str(), row[2].as<std::int64_t>(), row[3].as<std::int64_t>()};
    } else if (kind == 'e') {
      positions.push_back(row[3].as<std::int64_t>());
      texts[row[1].as<int>()] = {row[4].c_str(), row[5].c_str(), row[6].c_str()};
    } else {
      recorded_at = row[1].c_str();
      if (!row[4].is_null()) previous_hash = from_hex(row[4].c_str());
    }
  }
  if (recorded_at.empty()) throw std::runtime_error("the event log has no chain head (migration 0005 missing)");
  // One statement draws the positions in no promised order; sorted, they follow the batch.
  std::sort(positions.begin(), positions.end());
  std::size_t next_position = 0;

  std::vector<append_result> results(batch.size());
  std::unordered_map<std::string, size_t> accepted_in_batch;  // event id -> request index
  std::vector<size_t> repeats_of(batch.size(), SIZE_MAX);
  rapidjson::StringBuffer rows;
  json_writer w(rows);
  w.StartArray();
  std::int64_t written = 0, last = 0;
  ord = 0;

  for (size_t i = 0; i < batch.size(); ++i) {
    auto& request = batch[i];
    auto& result = results[i];
    int first_ord = ord;
    for (auto& stream : request.streams) ord += static_cast<int>(stream.events.size());
    size_t total = 0, known_count = 0, repeat_count = 0;
    size_t repeat_of = SIZE_MAX;
    for (auto& stream : request.streams)
      for (auto& event : stream.events) {
        ++total;
        if (known.count(event.event_id)) ++known_count;
        if (auto it = accepted_in_batch.find(event.event_id); it != accepted_in_batch.end()) {
          ++repeat_count;
          repeat_of = it->second;
        }
      }
    if (total > 0 && known_count == total) {  // appended before: the original result
      result.status = append_status::ok;
      result.duplicate = true;
      for (auto& stream : request.streams) {
        std::int64_t version = 0;
        for (auto& event : stream.events) {
          auto& k = known[event.event_id];
          version = std::max(version, k.version);
          result.last_position = std::max(result.last_position, k.position);
        }
        result.new_versions.push_back(version);
      }
      continue;
    }
    if (total > 0 && repeat_count == total) {  // the same append twice in one batch
      repeats_of[i] = repeat_of;
      continue;
    }
    if (known_count > 0 || repeat_count > 0) {
      result.status = append_status::conflict;
      result.message = "some of these event ids were already appended with other events";
      continue;
    }
    std::string mismatch;
    for (auto& stream : request.streams) {
      auto current = versions.count(stream.stream_id) ? versions[stream.stream_id] : 0;
      if (stream.expected_version != expected::any && stream.expected_version != current)
        mismatch = stream.stream_id + " is at version " + std::to_string(current) + ", expected " +
                   std::to_string(stream.expected_version);
    }
    if (!mismatch.empty()) {
      result.status = append_status::conflict;
      result.message = mismatch;
      continue;
    }
    result.status = append_status::ok;
    int event_ord = first_ord;
    for (auto& stream : request.streams) {
      auto& version = versions[stream.stream_id];
      for (auto& event : stream.events) {
        ++version;
        accepted_in_batch[event.event_id] = i;
        auto& text = texts.at(event_ord++);
        auto position = positions.at(next_position++);
        previous_hash = chain_hash(previous_hash, position, stream.stream_id, version, text.event_id, event.type,
                                   text.data, text.metadata, recorded_at);
        w.StartObject();
        w.Key("position"); w.Int64(position);
        w.Key("stream_id"); w.String(stream.stream_id.c_str());
        w.Key("version"); w.Int64(version);
        w.Key("event_id"); w.String(event.event_id.c_str());
        w.Key("type"); w.String(event.type.c_str());
        w.Key("data"); w.RawValue(event.data.c_str(), event.data.size(), rapidjson::kObjectType);
        w.Key("metadata"); w.RawValue(event.metadata.c_str(), event.metadata.size(), rapidjson::kObjectType);
        w.Key("recorded_at"); w.String(recorded_at.c_str());
        w.Key("hash"); w.String(to_hex(previous_hash).c_str());
        w.EndObject();
        result.last_position = position;
        last = position;
        ++written;
      }
      result.new_versions.push_back(version);
    }
  }
  w.EndArray();

  if (written > 0)
    exec_prepared_sql(tx, "append_batch_write", write_batch, std::string(rows.GetString()), last, to_hex(previous_hash),
                      std::string(append_channel));
  tx.commit();
  if (written > 0) {
    pqxx::nontransaction flush(*connection_);
    flush.exec(flush_wal);
  }

  for (size_t i = 0; i < batch.size(); ++i)
    if (repeats_of[i] != SIZE_MAX) {
      results[i] = results[repeats_of[i]];
      results[i].duplicate = true;
    }
  return results;
}

event_list event_store::read_stream(const std::string& stream_id, std::int64_t after_version) {
  ensure_connected();
  pqxx::read_transaction tx(*connection_);
  event_list events;
  for (auto row : exec_prepared_sql(tx, "read_stream", select_stream_events, stream_id, after_version)) events.push_back(to_event(row));
  return events;
}

event_list event_store::read_all(std::int64_t after_position, int limit) {
  ensure_connected();
  pqxx::read_transaction tx(*connection_);
  event_list events;
  for (auto row : tx.exec_params(select_events_after, after_position, limit)) events.push_back(to_event(row));
  return events;
}

std::int64_t event_store::head_position() {
  ensure_connected();
  pqxx::read_transaction tx(*connection_);
  return tx.exec1(select_head)[0].as<std::int64_t>();
}

}  // namespace crm::eventlog
