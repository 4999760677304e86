#pragma once
// Local time in North American zones without a time zone database: a fixed standard offset
// plus the US/Canadian daylight saving rule (since 2007: from the second Sunday of March at
// 2:00 local standard time to the first Sunday of November at 2:00 local daylight time).
// Enough for quiet hours, and it keeps domain/ free of the clock and of /usr/share/zoneinfo.

#include <chrono>
#include <string_view>

namespace crm::domain {

/// A time zone: its name, offset from UTC in standard time, and whether it observes US DST.
struct us_time_zone {
  std::string_view name;
  int standard_offset_minutes;
  bool observes_dst;
};

/// The zones the product knows.
namespace us_zones {
inline constexpr us_time_zone newfoundland{"Newfoundland", -210, true};
inline constexpr us_time_zone atlantic{"Atlantic", -240, true};
inline constexpr us_time_zone atlantic_no_dst{"Atlantic (no DST)", -240, false};
inline constexpr us_time_zone eastern{"Eastern", -300, true};
inline constexpr us_time_zone central{"Central", -360, true};
inline constexpr us_time_zone central_no_dst{"Central (no DST)", -360, false};
inline constexpr us_time_zone mountain{"Mountain", -420, true};
inline constexpr us_time_zone mountain_no_dst{"Mountain (no DST)", -420, false};
inline constexpr us_time_zone pacific{"Pacific", -480, true};
inline constexpr us_time_zone alaska{"Alaska", -540, true};
inline constexpr us_time_zone aleutian{"Hawaii-Aleutian", -600, true};
inline constexpr us_time_zone hawaii{"Hawaii", -600, false};
inline constexpr us_time_zone samoa{"Samoa", -660, false};
inline constexpr us_time_zone chamorro{"Chamorro", 600, false};
}  // namespace us_zones

/// Whether US daylight saving time is in effect at t in a zone of that standard offset.
bool us_dst_in_effect(std::chrono::system_clock::time_point t, int standard_offset_minutes);

/// The offset from UTC in minutes at t in zone (standard, or standard + 60 during DST).
int utc_offset_minutes(std::chrono::system_clock::time_point t, const us_time_zone& zone);

/// Minutes since local midnight (0..1439) at t in zone.
int local_minute_of_day(std::chrono::system_clock::time_point t, const us_time_zone& zone);

/// Days since 1970-01-01 of a proleptic Gregorian date.
long long days_from_civil(long long year, unsigned month, unsigned day);

}  // namespace crm::domain
