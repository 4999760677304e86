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

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads exactly `n` digits at text[pos]; moves pos past them.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t n) {
  if (pos + n > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += n;
  return value;
}

bool take(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
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

std::optional<std::chrono::system_clock::time_point> parse_iso8601_with_zone(std::string_view text) {
  std::size_t pos = 0;
  auto y = digits(text, pos, 4);
  if (!y || !take(text, pos, '-')) return std::nullopt;
  auto mo = digits(text, pos, 2);
  if (!mo || *mo < 1 || *mo > 12 || !take(text, pos, '-')) return std::nullopt;
  auto d = digits(text, pos, 2);
  if (!d || *d < 1 || *d > days_in_month(*y, *mo)) return std::nullopt;
  long long seconds = days_from_civil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d)) * 86400;
  if (pos == text.size()) return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));

  if (!take(text, pos, 'T') && !take(text, pos, 't') && !take(text, pos, ' ')) return std::nullopt;
  auto h = digits(text, pos, 2);
  if (!h || *h > 23 || !take(text, pos, ':')) return std::nullopt;
  auto mi = digits(text, pos, 2);
  if (!mi || *mi > 59) return std::nullopt;
  int s = 0;
  long long millis = 0;
  if (take(text, pos, ':')) {
    auto sec = digits(text, pos, 2);
    if (!sec || *sec > 59) return std::nullopt;
    s = *sec;
    if (take(text, pos, '.') || take(text, pos, ',')) {
      std::size_t count = 0;
      for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++count)
        if (count < 3) millis = millis * 10 + (text[pos] - '0');
      if (count == 0) return std::nullopt;
      for (; count < 3; ++count) millis *= 10;
    }
  }
  seconds += (*h * 60LL + *mi) * 60 + s;
  if (!take(text, pos, 'Z') && !take(text, pos, 'z')) {
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
    int sign = text[pos++] == '+' ? 1 : -1;
    auto oh = digits(text, pos, 2);
    if (!oh || *oh > 23) return std::nullopt;
    int om = 0;
    if (pos < text.size()) {
      take(text, pos, ':');
      auto m = digits(text, pos, 2);
      if (!m || *m > 59) return std::nullopt;
      om = *m;
    }
    // Local time minus its offset is UTC.
    seconds -= sign * (*oh * 3600LL + om * 60LL);
  }
  if (pos != text.size()) return std::nullopt;
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(seconds * 1000 + millis));
}

}  // namespace crm::domain
