#include "domain/iso_time.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace crm::domain {
namespace {
// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm): no time zone database.
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}
}  // namespace

std::string format_iso8601(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  int millis = static_cast<int>(ms - static_cast<long long>(seconds) * 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text) {
  int y, mo, d, h, mi, s;
  if (text.size() < 19) return std::nullopt;
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  long long millis = 0;
  size_t i = 19;
  if (i < copy.size() && copy[i] == '.') {
    int digits = 0;
    for (++i; i < copy.size() && std::isdigit(static_cast<unsigned char>(copy[i])); ++i)
      if (digits++ < 3) millis = millis * 10 + (copy[i] - '0');
    while (digits++ < 3) millis *= 10;
  }
  auto days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  auto total = ((days * 24 + h) * 60 + mi) * 60 + s;
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(total * 1000 + millis));
}

}  // namespace crm::domain
