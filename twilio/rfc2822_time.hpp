#pragma once
// Twilio's timestamps: RFC 2822 in its JSON ("Thu, 24 Aug 2023 05:01:45 +0000", always GMT),
// and ISO 8601 dates or date-times in the DateSent filters of the message list. Pure
// arithmetic on the civil calendar: no locale, no TZ environment, safe on any thread.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace crm::twilio {

/// Seconds-resolution wall clock time, as Twilio reports it.
using time_point = std::chrono::system_clock::time_point;

/// "Thu, 24 Aug 2023 05:01:45 +0000" (sub-second parts are truncated).
std::string format_rfc2822(time_point t);

/// Parses RFC 2822 dates: optional weekday, zone as +hhmm/-hhmm, GMT, UT, UTC or Z.
/// nullopt for anything malformed or outside the years 1900..2200.
std::optional<time_point> parse_rfc2822(std::string_view text);

/// "2023-08-24" in UTC, the form Twilio's DateSent filters take.
std::string format_iso_date(time_point t);

/// "2023-08-24T05:01:45Z".
std::string format_iso8601(time_point t);

/// A DateSent filter value: "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[Z]"; nullopt otherwise.
/// `date_only` is set to whether the value named a whole day.
std::optional<time_point> parse_iso8601(std::string_view text, bool* date_only = nullptr);

}  // namespace crm::twilio
