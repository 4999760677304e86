#pragma once
// ISO 8601 UTC times as events store them ("2026-11-25T07:30:14.645Z").

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace crm::domain {

/// "YYYY-MM-DDThh:mm:ss.mmmZ".
std::string format_iso8601(std::chrono::system_clock::time_point t);

/// Parses "YYYY-MM-DDThh:mm:ss[.fff]Z" (or "+00:00"); nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

/// Parses the whole of a date ("2024-03-01", taken as 00:00 UTC) or a date and time with its
/// zone ("2024-03-01T09:30", seconds and fraction optional, then "Z", "+hh:mm", "+hhmm" or
/// "+hh"; a space may stand for the "T"). Nullopt for anything else, a time without a zone
/// included: its instant is unknown.
std::optional<std::chrono::system_clock::time_point> parse_iso8601_with_zone(std::string_view text);

}  // namespace crm::domain
