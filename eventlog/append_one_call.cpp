// The common batch in one call (migrations 0011, 0012): checks, lock, positions, hashes, rows,
// chain head and NOTIFY in one statement that commits asynchronously (eventlog/append_commit.hpp).

#include <algorithm>
#include <unordered_set>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "eventlog/append_commit.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/prepared_sql.hpp"

namespace crm::eventlog {
namespace {

// It returns no rows, and writes nothing, when a stream is not at the version expected; it
// fails, and writes nothing, when an event id is already in the log. Both send the batch the
// detailed way (append_with_context.cpp).
constexpr const char* append_in_one_call =
    "SELECT batch_ord, event_position, event_version FROM event_append_batch($1::jsonb, $2)";

using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;

}  // namespace

std::optional<std::vector<append_result>> event_store::append_in_one_statement(
    const std::vector<append_request>& batch) {
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
        w.Key("ord");
        w.Int(ord++);
        w.Key("stream_id");
        w.String(stream.stream_id.c_str());
        w.Key("expected");
        if (stream.expected_version == expected::any) w.Null();
        else w.Int64(stream.expected_version);
        w.Key("event_id");
        w.String(event.event_id.c_str());
        w.Key("type");
        w.String(event.type.c_str());
        w.Key("data");
        w.RawValue(event.data.c_str(), event.data.size(), rapidjson::kObjectType);
        w.Key("metadata");
        w.RawValue(event.metadata.c_str(), event.metadata.size(), rapidjson::kObjectType);
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
      for (size_t e = 0; e < stream.events.size(); ++e, ++at)
        result.last_position = std::max(result.last_position, positions[at]);
      result.new_versions.push_back(versions[at - 1]);
    }
  }
  return results;
}

}  // namespace crm::eventlog
