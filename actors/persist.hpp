#pragma once
// Turning decided events into an append request: event ids, metadata, expected versions.

#include <string>

#include "domain/contact_events.hpp"
#include "domain/domain_event.hpp"
#include "domain/thread_events.hpp"
#include "eventlog/append_request.hpp"
#include "eventlog/decided_events.hpp"

namespace crm::actors {

/// Adds `events` for `stream_id` at `expected_version` to `request` (no-op when empty).
using eventlog::add_stream;
using eventlog::event_metadata;

/// The same with event ids derived from `id_seed` (the i-th event gets name_uuid(seed + ":" + i)),
/// so that a retried webhook or callback appends nothing new.
void add_stream_idempotent(eventlog::append_request& request, const std::string& stream_id,
                           std::int64_t expected_version, const domain::domain_events& events,
                           const domain::actor_context& ctx, const std::string& id_seed);

/// The same for typed events, encoded for the log here.
void add_stream(eventlog::append_request& request, const std::string& stream_id, std::int64_t expected_version,
                const domain::thread_events& events, const domain::actor_context& ctx);
void add_stream(eventlog::append_request& request, const std::string& stream_id, std::int64_t expected_version,
                const domain::contact_events& events, const domain::actor_context& ctx);
void add_stream_idempotent(eventlog::append_request& request, const std::string& stream_id,
                           std::int64_t expected_version, const domain::thread_events& events,
                           const domain::actor_context& ctx, const std::string& id_seed);

/// Stream ids.
inline std::string contact_stream(const std::string& id) { return "contact-" + id; }
inline std::string thread_stream(const std::string& e164) { return "thread-" + e164; }

}  // namespace crm::actors
