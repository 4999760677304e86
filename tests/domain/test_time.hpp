#pragma once
// UTC instants for tests, written as ISO 8601 ("2026-03-08T06:59:59Z"), built without the
// clock or the C library's time zone.

#include "domain/us_time_zone.hpp"

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>

namespace crm::domain::testing {

/// The instant text names ("YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DDTHH:MMZ"); nullopt when malformed.
inline std::optional<std::chrono::system_clock::time_point> parse_utc(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char zone = 0;
  int fields = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day, &hour, &minute, &second,
                           &zone);
  if (fields != 7) {
    second = 0;
    fields = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &year, &month, &day, &hour, &minute, &zone);
    if (fields != 6) return std::nullopt;
  }
  if (zone != 'Z' || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const long long days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const long long seconds = days * 86'400 + hour * 3600LL + minute * 60LL + second;
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

/// The instant text names; text must be well formed.
inline std::chrono::system_clock::time_point utc(const std::string& text) { return *parse_utc(text); }

}  // namespace crm::domain::testing
