#include "eventlog/decided_events.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "eventlog/uuid.hpp"

namespace crm::eventlog {

std::string event_metadata(const domain::actor_context& ctx) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  if (!ctx.user_id.empty()) {
    w.Key("userId");
    w.String(ctx.user_id.c_str());
  }
  if (!ctx.request_id.empty()) {
    w.Key("requestId");
    w.String(ctx.request_id.c_str());
  }
  if (!ctx.ip.empty()) {
    w.Key("ip");
    w.String(ctx.ip.c_str());
  }
  w.EndObject();
  return buffer.GetString();
}

void add_stream(append_request& request, const std::string& stream_id, std::int64_t expected_version,
                const domain::domain_events& events, const domain::actor_context& ctx) {
  if (events.empty()) return;
  stream_append append{stream_id, expected_version, {}};
  auto metadata = event_metadata(ctx);
  for (auto& e : events) append.events.push_back({random_uuid(), e.type, e.data, metadata});
  request.streams.push_back(std::move(append));
}

}  // namespace crm::eventlog
