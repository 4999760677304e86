// crmctl export: the event log as JSON lines on stdout, in position order, with each event's
// chain hash. A line holds exactly the fields the hash covers (recordedAt to the microsecond,
// data and metadata as the database's jsonb text), so the chain can be checked from the file.
// Exit status: 0 written, 2 usage or connection error.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <pqxx/pqxx>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "tools/crmctl/command_registry.hpp"
#include "tools/crmctl/database_url.hpp"

namespace crm::cli {
namespace {

constexpr const char* usage = "export [--since <position>]";

constexpr int batch_size = 20000;

constexpr const char* select_events_after =
    "SELECT position, stream_id, version, event_id::text, type, data::text, metadata::text, "
    "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), txid::text, "
    "encode(hash, 'hex') FROM events WHERE position > $1 ORDER BY position LIMIT $2";

void write_line(rapidjson::StringBuffer& buffer, const pqxx::row& row) {
  buffer.Clear();
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto string = [&](const char* key, const pqxx::field& f) {
    w.Key(key);
    w.String(f.c_str(), static_cast<rapidjson::SizeType>(f.size()));
  };
  w.StartObject();
  w.Key("position");
  w.Int64(row[0].as<std::int64_t>());
  string("streamId", row[1]);
  w.Key("version");
  w.Int64(row[2].as<std::int64_t>());
  string("eventId", row[3]);
  string("type", row[4]);
  w.Key("data");
  w.RawValue(row[5].c_str(), row[5].size(), rapidjson::kObjectType);
  w.Key("metadata");
  w.RawValue(row[6].c_str(), row[6].size(), rapidjson::kObjectType);
  string("recordedAt", row[7]);
  string("txid", row[8]);
  w.Key("hash");
  if (row[9].is_null()) {
    w.Null();
  } else {
    w.String(row[9].c_str(), static_cast<rapidjson::SizeType>(row[9].size()));
  }
  w.EndObject();
  buffer.Put('\n');
}

int run(const std::vector<std::string>& args) {
  std::int64_t since = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      std::printf("usage: crmctl %s\n", usage);
      return 0;
    }
    char* end = nullptr;
    if (args[i] == "--since" && i + 1 < args.size()) {
      const auto& value = args[++i];
      since = std::strtoll(value.c_str(), &end, 10);
      if (!value.empty() && *end == '\0' && since >= 0) continue;
    }
    std::fprintf(stderr, "export: bad arguments\nusage: crmctl %s\n", usage);
    return 2;
  }
  try {
    pqxx::connection connection(database_url());
    // One snapshot, so the file is a prefix of the log as of one moment.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(connection);
    rapidjson::StringBuffer buffer;
    for (std::int64_t after = since;;) {
      auto rows = tx.exec_params(select_events_after, after, batch_size);
      for (auto row : rows) {
        write_line(buffer, row);
        if (std::fwrite(buffer.GetString(), 1, buffer.GetSize(), stdout) != buffer.GetSize()) {
          std::fprintf(stderr, "export: cannot write to stdout\n");
          return 2;
        }
        after = row[0].as<std::int64_t>();
      }
      if (rows.size() < static_cast<std::size_t>(batch_size)) break;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "export: %s\n", e.what());
    return 2;
  }
  return std::fflush(stdout) == 0 ? 0 : 2;
}

[[maybe_unused]] const bool registered = register_command("export", usage, run);

}  // namespace
}  // namespace crm::cli
