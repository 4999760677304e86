#pragma once
// Replaying a stream into an entity actor. `await` keeps the actor from taking its next
// command until the events are in: one command at a time, always on current state.

#include <chrono>
#include <string>

#include <caf/all.hpp>

#include "actors/log_access.hpp"
#include "actors/message_types.hpp"

namespace crm::actors {

/// Reads `stream` after `after_version` and hands the events to `on_events` (or the error text to `on_error`).
template <class Self, class OnEvents, class OnError>
void load_stream(Self* self, const log_access& log, const std::string& stream, std::int64_t after_version,
                 OnEvents on_events, OnError on_error) {
  self->request(log.readers, std::chrono::seconds(30), read_atom::value, stream, after_version)
      .await([=](const eventlog::event_list& events) { on_events(events); },
             [=](const caf::error& err) { on_error(self->system().render(err)); });
}

}  // namespace crm::actors
