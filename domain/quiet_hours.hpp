#pragma once
// Marketing texts only between 8:00 and 21:00 where the recipient is. The zone comes from the
// contact's address when known, else from the area of the number; when neither names a zone,
// the window must hold in both Eastern and Pacific time, the stricter ends of the continental
// US (any other continental zone lies between them).

#include "domain/us_time_zone.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace crm::domain {

/// First minute of the day marketing may be sent (8:00 local).
inline constexpr int sending_window_start = 8 * 60;
/// First minute of the evening it may not any more (21:00 local).
inline constexpr int sending_window_end = 21 * 60;

/// What is known of where a recipient is.
struct recipient_location {
  std::string address_state;              ///< the contact's address state ("CA", "California"); may be empty
  std::string number_region_code;         ///< the number's ISO region ("US", "CA" for Canada); may be empty
  std::string number_region_description;  ///< describe_region() of the number ("Escondido, CA"); may be empty
};

/// The location of a number (its region and geocoded area) with the contact's address state.
recipient_location locate_recipient(std::string_view address_state, const std::string& e164);

/// The zones the recipient may be in; Eastern and Pacific when nothing narrows it.
std::vector<us_time_zone> recipient_zones(const recipient_location& location);

/// Whether now is within 8:00-21:00 local time in every one of zones.
bool within_sending_window(std::chrono::system_clock::time_point now, const std::vector<us_time_zone>& zones);

}  // namespace crm::domain
