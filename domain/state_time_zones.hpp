#pragma once
// Which time zones a recipient may be in, from a US state, territory or Canadian province
// (a contact's address) or from the geocoder's description of the number's area. A state
// that spans zones yields all of them, so the quiet-hours window must hold in each.

#include "domain/us_time_zone.hpp"

#include <string_view>
#include <vector>

namespace crm::domain {

/// The zones of a state or province given by postal code or name ("CA", "california"); empty when unknown.
std::vector<us_time_zone> zones_of_state(std::string_view state);

/// The zones a geocoder description names ("Escondido, CA", "California", "Toronto, ON"); empty when unknown.
std::vector<us_time_zone> zones_of_region_description(std::string_view description);

}  // namespace crm::domain
