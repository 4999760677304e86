#include "domain/quiet_hours.hpp"

#include "domain/phone_number.hpp"
#include "domain/state_time_zones.hpp"

#include <algorithm>
#include <iterator>

namespace crm::domain {
namespace {

// Regions that share +1 and whose geocoded area names a state or province; elsewhere a
// description like "Georgia" would name a country, not the US state.
constexpr std::string_view north_american_regions[] = {"US", "CA", "PR", "VI", "GU", "MP", "AS"};

bool is_north_american(std::string_view region) {
  return std::find(std::begin(north_american_regions), std::end(north_american_regions), region) !=
         std::end(north_american_regions);
}

}  // namespace

recipient_location locate_recipient(std::string_view address_state, const std::string& e164) {
  recipient_location location;
  location.address_state = std::string(address_state);
  if (auto number = parse_phone_number(e164)) {
    location.number_region_code = number->region_code;
    location.number_region_description = describe_region(number->e164);
  }
  return location;
}

std::vector<us_time_zone> recipient_zones(const recipient_location& location) {
  if (auto zones = zones_of_state(location.address_state); !zones.empty()) return zones;
  if (is_north_american(location.number_region_code)) {
    auto zones = zones_of_region_description(location.number_region_description);
    if (!zones.empty()) return zones;
    // Territories with one zone need no area: the region code is enough.
    if (location.number_region_code != "US" && location.number_region_code != "CA") {
      zones = zones_of_state(location.number_region_code);
      if (!zones.empty()) return zones;
    }
  }
  return {us_zones::eastern, us_zones::pacific};
}

bool within_sending_window(std::chrono::system_clock::time_point now, const std::vector<us_time_zone>& zones) {
  return std::all_of(zones.begin(), zones.end(), [&](const us_time_zone& zone) {
    const int minute = local_minute_of_day(now, zone);
    return minute >= sending_window_start && minute < sending_window_end;
  });
}

}  // namespace crm::domain
