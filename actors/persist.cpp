#include "actors/persist.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "eventlog/uuid.hpp"

namespace crm::actors {

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

void add_stream(eventlog::append_request& request, const std::string& stream_id, std::int64_t expected_version,
                const domain::domain_events& events, const domain::actor_context& ctx) {
  if (events.empty()) return;
  eventlog::stream_append append{stream_id, expected_version, {}};
  auto metadata = event_metadata(ctx);
  for (auto& e : events) append.events.push_back({eventlog::random_uuid(), e.type, e.data, metadata});
  request.streams.push_back(std::move(append));
}

void add_stream_idempotent(eventlog::append_request& request, const std::string& stream_id,
                           std::int64_t expected_version, const domain::domain_events& events,
                           const domain::actor_context& ctx, const std::string& id_seed) {
  if (events.empty()) return;
  eventlog::stream_append append{stream_id, expected_version, {}};
  auto metadata = event_metadata(ctx);
  for (size_t i = 0; i < events.size(); ++i)
    append.events.push_back(
        {eventlog::name_uuid(id_seed + ":" + std::to_string(i)), events[i].type, events[i].data, metadata});
  request.streams.push_back(std::move(append));
}

void add_stream(eventlog::append_request& request, const std::string& stream_id, std::int64_t expected_version,
                const domain::thread_events& events, const domain::actor_context& ctx) {
  add_stream(request, stream_id, expected_version, domain::encode_all(events), ctx);
}

void add_stream(eventlog::append_request& request, const std::string& stream_id, std::int64_t expected_version,
                const domain::contact_events& events, const domain::actor_context& ctx) {
  add_stream(request, stream_id, expected_version, domain::encode_all(events), ctx);
}

void add_stream_idempotent(eventlog::append_request& request, const std::string& stream_id,
                           std::int64_t expected_version, const domain::thread_events& events,
                           const domain::actor_context& ctx, const std::string& id_seed) {
  add_stream_idempotent(request, stream_id, expected_version, domain::encode_all(events), ctx, id_seed);
}

}  // namespace crm::actors
