#include "twilio/rfc2822_time.hpp"

#include <array>
#include <cstdio>

namespace crm::twilio {
namespace {

constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> weekdays = {"Thu", "Fri", "Sat", "Sun",
                                                      "Mon", "Tue", "Wed"};  // 1970-01-01 first

struct civil {
  long long year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

civil civil_from_days(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

unsigned days_in_month(long long y, unsigned m) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

struct broken_down {
  civil date;
  long long days;
  int hour, minute, second;
};

broken_down split(time_point t) {
  long long secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  long long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  long long rem = secs - days * 86400;
  return {civil_from_days(days), days, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
          static_cast<int>(rem % 60)};
}

std::optional<time_point> make_time(long long y, unsigned mo, unsigned d, int h, int mi, int s, int offset_minutes) {
  // system_clock counts nanoseconds in 64 bits (about 1678..2261); stay well inside so no
  // date from the wire can overflow it.
  if (y < 1900 || y > 2200) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return std::nullopt;
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return std::nullopt;
  long long secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  secs -= static_cast<long long>(offset_minutes) * 60;
  return time_point(std::chrono::seconds(secs));
}

// A small cursor over the text; each reader returns false when the text does not fit.
struct reader {
  std::string_view text;
  std::size_t pos = 0;

  void skip_spaces() {
    while (pos < text.size() && text[pos] == ' ') ++pos;
  }
  bool literal(char c) {
    if (pos < text.size() && text[pos] == c) return ++pos, true;
    return false;
  }
  bool number(int min_digits, int max_digits, long long& out) {
    int n = 0;
    out = 0;
    while (pos < text.size() && n < max_digits && text[pos] >= '0' && text[pos] <= '9') {
      out = out * 10 + (text[pos++] - '0');
      ++n;
    }
    return n >= min_digits;
  }
  std::string_view word() {
    std::size_t begin = pos;
    while (pos < text.size() && ((text[pos] >= 'A' && text[pos] <= 'Z') || (text[pos] >= 'a' && text[pos] <= 'z')))
      ++pos;
    return text.substr(begin, pos - begin);
  }
  bool at_end() const { return pos == text.size(); }
};

bool parse_zone(reader& r, int& offset_minutes) {
  if (r.pos < r.text.size() && (r.text[r.pos] == '+' || r.text[r.pos] == '-')) {
    int sign = r.text[r.pos++] == '-' ? -1 : 1;
    long long hhmm = 0;
    std::size_t start = r.pos;
    if (!r.number(4, 4, hhmm) || r.pos - start != 4) return false;
    if (hhmm % 100 > 59) return false;
    offset_minutes = sign * static_cast<int>(hhmm / 100 * 60 + hhmm % 100);
    return true;
  }
  std::string_view zone = r.word();
  offset_minutes = 0;
  return zone == "GMT" || zone == "UT" || zone == "UTC" || zone == "Z";
}

}  // namespace

std::string format_rfc2822(time_point t) {
  broken_down b = split(t);
  long long weekday = b.days % 7;
  if (weekday < 0) weekday += 7;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02d:%02d:%02d +0000",
                weekdays[static_cast<std::size_t>(weekday)].data(), b.date.day, months[b.date.month - 1].data(),
                b.date.year, b.hour, b.minute, b.second);
  return buf;
}

std::optional<time_point> parse_rfc2822(std::string_view text) {
  reader r{text};
  r.skip_spaces();
  std::size_t mark = r.pos;
  std::string_view first = r.word();
  if (!first.empty()) {
    bool known = false;
    for (auto w : weekdays) known = known || w == first;
    if (!known || !r.literal(',')) return std::nullopt;
    r.skip_spaces();
  } else {
    r.pos = mark;
  }
  long long day = 0, year = 0, h = 0, mi = 0, s = 0;
  if (!r.number(1, 2, day)) return std::nullopt;
  r.skip_spaces();
  std::string_view month_name = r.word();
  unsigned month = 0;
  for (unsigned i = 0; i < months.size(); ++i) {
    if (months[i] == month_name) month = i + 1;
  }
  if (month == 0) return std::nullopt;
  r.skip_spaces();
  if (!r.number(4, 4, year)) return std::nullopt;
  r.skip_spaces();
  if (!r.number(2, 2, h) || !r.literal(':') || !r.number(2, 2, mi)) return std::nullopt;
  if (r.literal(':') && !r.number(2, 2, s)) return std::nullopt;
  r.skip_spaces();
  int offset = 0;
  if (!parse_zone(r, offset)) return std::nullopt;
  r.skip_spaces();
  if (!r.at_end()) return std::nullopt;
  return make_time(year, month, static_cast<unsigned>(day), static_cast<int>(h), static_cast<int>(mi),
                   static_cast<int>(s), offset);
}

std::string format_iso_date(time_point t) {
  broken_down b = split(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", b.date.year, b.date.month, b.date.day);
  return buf;
}

std::string format_iso8601(time_point t) {
  broken_down b = split(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", b.date.year, b.date.month, b.date.day, b.hour,
                b.minute, b.second);
  return buf;
}

std::optional<time_point> parse_iso8601(std::string_view text, bool* date_only) {
  reader r{text};
  long long y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!r.number(4, 4, y) || !r.literal('-') || !r.number(2, 2, mo) || !r.literal('-') || !r.number(2, 2, d))
    return std::nullopt;
  bool whole_day = r.at_end();
  if (!whole_day) {
    if (!r.literal('T') && !r.literal(' ')) return std::nullopt;
    if (!r.number(2, 2, h) || !r.literal(':') || !r.number(2, 2, mi) || !r.literal(':') || !r.number(2, 2, s))
      return std::nullopt;
    r.literal('Z');
    if (!r.at_end()) return std::nullopt;
  }
  if (date_only) *date_only = whole_day;
  return make_time(y, static_cast<unsigned>(mo), static_cast<unsigned>(d), static_cast<int>(h), static_cast<int>(mi),
                   static_cast<int>(s), 0);
}

}  // namespace crm::twilio
