#include "eventlog/log_reader.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "eventlog/prepared_sql.hpp"

namespace crm::eventlog {
namespace {

// What to_event() reads, in its order; recorded_at to the millisecond.
constexpr const char* event_columns =
    "SELECT position, stream_id, version, event_id::text, type, data::text, metadata::text, "
    "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') ";

const std::string select_events_after = std::string(event_columns) +
                                        "FROM events WHERE position > $1 ORDER BY position LIMIT $2";

const std::string select_events_between =
    std::string(event_columns) + "FROM public.events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3";

const std::string select_events_after_in_streams =
    std::string(event_columns) + "FROM events WHERE position > $1 AND stream_id LIKE $3 ORDER BY position LIMIT $2";

// recorded_at to the microsecond, independent of the session's TimeZone and DateStyle, and
// data::text as jsonb's canonical text: what the chain hashed.
constexpr const char* select_chained_events_after =
    "SELECT position, stream_id, version, event_id::text, type, data::text, metadata::text, "
    "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), txid::text, hash "
    "FROM events WHERE position > $1 ORDER BY position LIMIT $2";

constexpr const char* select_chain_head =
    "SELECT chain_start_position, position, encode(hash, 'hex') FROM event_chain_head";

const std::string select_stream_events = std::string(event_columns) +
                                         "FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version";

const std::string select_stream_events_of_types =
    std::string(event_columns) +
    "FROM events WHERE stream_id = $1 AND type = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb))) "
    "ORDER BY version";

constexpr const char* select_head = "SELECT coalesce(max(position), 0) FROM events";
constexpr const char* select_log_not_empty = "SELECT EXISTS (SELECT 1 FROM events)";
constexpr const char* count_after = "SELECT count(*) FROM events WHERE position > $1";
constexpr const char* count_up_to = "SELECT count(*) FROM events WHERE position <= $1";

constexpr const char* select_changes =
    "SELECT position, stream_id, type, coalesce(data ->> 'messageId', data ->> 'sid', ''), "
    "coalesce(data ->> 'contactId', '') FROM events WHERE position > $1 ORDER BY position LIMIT $2";

constexpr const char* select_data_field = "SELECT data ->> $2 FROM events WHERE type = $1";

// txid is the appending transaction's id: distinct txids in a window are its commits.
constexpr const char* count_commits =
    "SELECT count(*), count(DISTINCT txid) FROM events WHERE position > $1 AND position <= $2";

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

event_list to_events(const pqxx::result& rows) {
  event_list events;
  events.reserve(rows.size());
  for (auto row : rows) events.push_back(to_event(row));
  return events;
}

std::string json_string_array(const std::vector<std::string>& items) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (auto& item : items) w.String(item.c_str(), static_cast<rapidjson::SizeType>(item.size()));
  w.EndArray();
  return buffer.GetString();
}

}  // namespace

std::int64_t head_position(pqxx::transaction_base& tx) {
  return exec_prepared_sql(tx, "log_head", select_head)[0][0].as<std::int64_t>();
}

bool log_is_empty(pqxx::transaction_base& tx) { return !tx.exec1(select_log_not_empty)[0].as<bool>(); }

std::int64_t count_events_after(pqxx::transaction_base& tx, std::int64_t position) {
  return tx.exec_params1(count_after, position)[0].as<std::int64_t>();
}

event_list events_after(pqxx::transaction_base& tx, std::int64_t after_position, int limit) {
  return to_events(exec_prepared_sql(tx, "events_after", select_events_after, after_position, limit));
}

event_list events_between(pqxx::transaction_base& tx, std::int64_t after_position, std::int64_t up_to, int limit) {
  return to_events(tx.exec_params(select_events_between, after_position, up_to, limit));
}

event_list events_after_in_streams(pqxx::transaction_base& tx, std::int64_t after_position, int limit,
                                   const std::string& stream_prefix) {
  std::string pattern;
  for (char c : stream_prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  return to_events(tx.exec_params(select_events_after_in_streams, after_position, limit, pattern + "%"));
}

std::int64_t count_events_up_to(pqxx::transaction_base& tx, std::int64_t position) {
  return tx.exec_params1(count_up_to, position)[0].as<std::int64_t>();
}

std::vector<chained_event> chained_events_after(pqxx::transaction_base& tx, std::int64_t after_position, int limit) {
  std::vector<chained_event> events;
  auto rows = tx.exec_params(select_chained_events_after, after_position, limit);
  events.reserve(rows.size());
  for (auto row : rows) {
    chained_event e{to_event(row), row[8].c_str(), std::nullopt};
    if (!row[9].is_null()) e.hash = pqxx::binarystring(row[9]).str();
    events.push_back(std::move(e));
  }
  return events;
}

chain_head_row chain_head(pqxx::transaction_base& tx) {
  auto row = tx.exec1(select_chain_head);
  return {row[0].as<std::int64_t>(), row[1].as<std::int64_t>(), row[2].is_null() ? "" : row[2].c_str()};
}

event_list stream_events(pqxx::transaction_base& tx, const std::string& stream_id, std::int64_t after_version) {
  return to_events(exec_prepared_sql(tx, "read_stream", select_stream_events, stream_id, after_version));
}

event_list stream_events_of_types(pqxx::transaction_base& tx, const std::string& stream_id,
                                  const std::vector<std::string>& types) {
  return to_events(tx.exec_params(select_stream_events_of_types, stream_id, json_string_array(types)));
}

std::vector<change_row> changes_after(pqxx::transaction_base& tx, std::int64_t after_position, int limit) {
  std::vector<change_row> changes;
  auto rows = exec_prepared_sql(tx, "changes_after", select_changes, after_position, limit);
  changes.reserve(rows.size());
  for (auto row : rows)
    changes.push_back({row[0].as<std::int64_t>(), row[1].c_str(), row[2].c_str(), row[3].c_str(), row[4].c_str()});
  return changes;
}

std::vector<std::string> data_field_of_type(pqxx::transaction_base& tx, const std::string& type,
                                            const std::string& field) {
  std::vector<std::string> values;
  for (auto row : tx.exec_params(select_data_field, type, field))
    if (!row[0].is_null()) values.push_back(row[0].c_str());
  return values;
}

commit_tally commits_between(pqxx::transaction_base& tx, std::int64_t after_position, std::int64_t up_to) {
  auto row = tx.exec_params1(count_commits, after_position, up_to);
  return {row[0].as<long long>(), row[1].as<long long>()};
}

}  // namespace crm::eventlog
