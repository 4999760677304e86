#include "actors/persist.hpp"

#include "eventlog/uuid.hpp"

namespace crm::actors {

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
