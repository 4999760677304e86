#pragma once
// Turning decided events (domain_event) into a stream append: fresh event ids and the metadata
// of who decided them. Every writer of the log builds its requests so (actors/persist.hpp adds
// the typed events and idempotent ids).

#include <cstdint>
#include <string>

#include "domain/domain_event.hpp"
#include "eventlog/append_request.hpp"

namespace crm::eventlog {

/// Adds `events` for `stream_id` at `expected_version` to `request` (no-op when empty).
void add_stream(append_request& request, const std::string& stream_id, std::int64_t expected_version,
                const domain::domain_events& events, const domain::actor_context& ctx);

/// The metadata every event carries: who, request id, IP.
std::string event_metadata(const domain::actor_context& ctx);

}  // namespace crm::eventlog
