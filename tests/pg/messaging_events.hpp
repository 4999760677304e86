#pragma once
// What the messaging read-model tests (messaging_*.pgtest.cpp) share: thread events appended
// to the log as the thread actor appends them.

#include <optional>
#include <string>

#include "domain/thread_events.hpp"
#include "eventlog/event_store.hpp"

namespace crm::projections::messaging_test {

/// Appends `events` to the thread of `phone` (a test failure when the append fails).
void append(eventlog::event_store& store, const std::string& phone, const domain::domain_events& events);
void append(eventlog::event_store& store, const std::string& phone, const domain::thread_events& events);

// A send of ours as the thread records it, with the fields a test names and the rest empty.
domain::events::outbound_message_requested requested(const std::string& id, const std::string& to,
                                                     const std::string& body, const std::string& at,
                                                     std::optional<std::string> contact_id = std::nullopt);

}  // namespace crm::projections::messaging_test
