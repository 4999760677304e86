#include "messaging_events.hpp"

#include <gtest/gtest.h>

#include "eventlog/uuid.hpp"

namespace crm::projections::messaging_test {

namespace ev = domain::events;

void append(eventlog::event_store& store, const std::string& phone, const domain::domain_events& events) {
  eventlog::stream_append s{"thread-" + phone, eventlog::expected::any, {}};
  for (auto& e : events) s.events.push_back({eventlog::random_uuid(), e.type, e.data, "{}"});
  ASSERT_EQ(store.append(eventlog::append_request{{s}}).status, eventlog::append_status::ok);
}

void append(eventlog::event_store& store, const std::string& phone, const domain::thread_events& events) {
  append(store, phone, domain::encode_all(events));
}

ev::outbound_message_requested requested(const std::string& id, const std::string& to, const std::string& body,
                                         const std::string& at, std::optional<std::string> contact_id) {
  ev::outbound_message_requested e;
  e.message_id = id;
  e.to = to;
  e.body = body;
  e.purpose = "conversational";
  e.contact_id = std::move(contact_id);
  e.requested_at = at;
  return e;
}

}  // namespace crm::projections::messaging_test
