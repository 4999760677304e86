#pragma once
// Twilio's Retry-After header (RFC 9110, section 10.2.3): a number of seconds, or an HTTP-date
// to wait until. A date is measured against the caller's clock, so a test can set the time.

#include <chrono>
#include <optional>
#include <string_view>

#include "twilio/rfc2822_time.hpp"

namespace crm::twilio {

/// How long to wait before the next attempt, as of `now`: the seconds given, or the time until
/// the date given (zero when it has passed). Nullopt for a value of neither form.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, time_point now);

}  // namespace crm::twilio
