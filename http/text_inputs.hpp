#pragma once
// Text a request brings must be storable: PostgreSQL takes neither malformed UTF-8 nor NUL
// (U+0000) in text or jsonb: unchecked, such input would reach the event log and fail there, as a
// 503 "database unavailable" with PostgreSQL's own words, and a NUL in a JSON string could cut a
// value short on its way (a text's body sent to Twilio up to its first NUL). Every API route
// checks its request once, up front (route_to), and answers 400 instead. Twilio's webhooks are
// form bodies, which this leaves alone: what Twilio delivers is kept, made storable field by
// field (webhook_routes.cpp).

#include <optional>
#include <string>

#include <pistache/http.h>

namespace crm::http {

/// What is wrong with the request's text, for a 400; nullopt when the body and every query
/// parameter are storable.
std::optional<std::string> unreadable_text(const Pistache::Http::Request& request);

}  // namespace crm::http
