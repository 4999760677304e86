#include "domain/us_time_zone.hpp"

namespace crm::domain {
namespace {

constexpr long long seconds_per_day = 86'400;

long long floor_div(long long a, long long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// 0 = Sunday.
unsigned weekday_of(long long days) {
  return static_cast<unsigned>(((days % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
}

long long year_of(long long days) {
  // Howard Hinnant's civil_from_days, keeping only the year.
  days += 719'468;
  const long long era = floor_div(days, 146'097);
  const long long doe = days - era * 146'097;
  const long long yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const long long month = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (month <= 2 ? 1 : 0);
}

long long nth_sunday(long long year, unsigned month, unsigned n) {
  const long long first = days_from_civil(year, month, 1);
  const long long first_sunday = first + (7 - weekday_of(first)) % 7;
  return first_sunday + 7 * (n - 1);
}

long long seconds_of(std::chrono::system_clock::time_point t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

long long days_from_civil(long long year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const long long era = floor_div(year, 400);
  const long long yoe = year - era * 400;
  const long long doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146'097 + doe - 719'468;
}

bool us_dst_in_effect(std::chrono::system_clock::time_point t, int standard_offset_minutes) {
  // Compared in local standard time: DST starts at 2:00 standard and ends at 2:00 daylight,
  // which is 1:00 standard.
  const long long local = seconds_of(t) + standard_offset_minutes * 60LL;
  const long long year = year_of(floor_div(local, seconds_per_day));
  const long long start = nth_sunday(year, 3, 2) * seconds_per_day + 2 * 3600;
  const long long end = nth_sunday(year, 11, 1) * seconds_per_day + 1 * 3600;
  return local >= start && local < end;
}

int utc_offset_minutes(std::chrono::system_clock::time_point t, const us_time_zone& zone) {
  const bool dst = zone.observes_dst && us_dst_in_effect(t, zone.standard_offset_minutes);
  return zone.standard_offset_minutes + (dst ? 60 : 0);
}

int local_minute_of_day(std::chrono::system_clock::time_point t, const us_time_zone& zone) {
  const long long local = seconds_of(t) + utc_offset_minutes(t, zone) * 60LL;
  const long long second_of_day = local - floor_div(local, seconds_per_day) * seconds_per_day;
  return static_cast<int>(second_of_day / 60);
}

}  // namespace crm::domain
