// The codec's instances for each stream, compiled once here rather than in every reader.

#include "domain/contact_events.hpp"
#include "domain/thread_events.hpp"
#include "domain/user_events.hpp"

namespace crm::domain {

namespace {

template <class Events>
domain_events encoded(const Events& events) {
  domain_events out;
  out.reserve(events.size());
  for (auto& e : events) out.push_back(encode(e));
  return out;
}

}  // namespace

domain_events encode_all(const thread_events& events) { return encoded(events); }

std::optional<thread_event> decode_thread_event(std::string_view type, std::string_view data, std::int64_t position) {
  return decode<thread_event>(type, data, position);
}

domain_events encode_all(const contact_events& events) { return encoded(events); }

std::optional<contact_event> decode_contact_event(std::string_view type, std::string_view data, std::int64_t position) {
  return decode<contact_event>(type, data, position);
}

domain_events encode_all(const user_events& events) { return encoded(events); }

std::optional<user_event> decode_user_event(std::string_view type, std::string_view data, std::int64_t position) {
  return decode<user_event>(type, data, position);
}

}  // namespace crm::domain
