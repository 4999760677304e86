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

#include "eventlog/event_chain.hpp"
#include "eventlog/log_reader.hpp"
#include "tools/crmctl/command_registry.hpp"
#include "tools/crmctl/database_url.hpp"

namespace crm::cli {
namespace {

constexpr const char* usage = "export [--since <position>]";

constexpr int batch_size = 20000;

void write_line(rapidjson::StringBuffer& buffer, const eventlog::chained_event& chained) {
  const auto& e = chained.event;
  buffer.Clear();
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto string = [&](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  w.Key("position");
  w.Int64(e.position);
  string("streamId", e.stream_id);
  w.Key("version");
  w.Int64(e.version);
  string("eventId", e.event_id);
  string("type", e.type);
  w.Key("data");
  w.RawValue(e.data.c_str(), e.data.size(), rapidjson::kObjectType);
  w.Key("metadata");
  w.RawValue(e.metadata.c_str(), e.metadata.size(), rapidjson::kObjectType);
  string("recordedAt", e.recorded_at);
  string("txid", chained.txid);
  w.Key("hash");
  if (chained.hash) {
    auto hex = eventlog::to_hex(*chained.hash);
    w.String(hex.c_str(), static_cast<rapidjson::SizeType>(hex.size()));
  } else {
    w.Null();
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
      auto events = eventlog::chained_events_after(tx, after, batch_size);
      for (auto& chained : events) {
        write_line(buffer, chained);
        if (std::fwrite(buffer.GetString(), 1, buffer.GetSize(), stdout) != buffer.GetSize()) {
          std::fprintf(stderr, "export: cannot write to stdout\n");
          return 2;
        }
        after = chained.event.position;
      }
      if (events.size() < static_cast<std::size_t>(batch_size)) break;
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
