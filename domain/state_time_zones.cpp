#include "domain/state_time_zones.hpp"

#include <cctype>
#include <string>

namespace crm::domain {
namespace {

using namespace us_zones;

struct state_zones {
  std::string_view code;
  std::string_view name;
  std::vector<us_time_zone> zones;
};

// States spanning zones list every zone any part of them keeps (the Navajo Nation keeps DST
// in Arizona; Adak keeps Hawaii-Aleutian time in Alaska; West Wendover keeps Mountain in Nevada).
const std::vector<state_zones>& table() {
  static const std::vector<state_zones> states = {
      {"AL", "ALABAMA", {central}},
      {"AK", "ALASKA", {alaska, aleutian}},
      {"AZ", "ARIZONA", {mountain_no_dst, mountain}},
      {"AR", "ARKANSAS", {central}},
      {"CA", "CALIFORNIA", {pacific}},
      {"CO", "COLORADO", {mountain}},
      {"CT", "CONNECTICUT", {eastern}},
      {"DE", "DELAWARE", {eastern}},
      {"DC", "DISTRICT OF COLUMBIA", {eastern}},
      {"FL", "FLORIDA", {eastern, central}},
      {"GA", "GEORGIA", {eastern}},
      {"HI", "HAWAII", {hawaii}},
      {"ID", "IDAHO", {mountain, pacific}},
      {"IL", "ILLINOIS", {central}},
      {"IN", "INDIANA", {eastern, central}},
      {"IA", "IOWA", {central}},
      {"KS", "KANSAS", {central, mountain}},
      {"KY", "KENTUCKY", {eastern, central}},
      {"LA", "LOUISIANA", {central}},
      {"ME", "MAINE", {eastern}},
      {"MD", "MARYLAND", {eastern}},
      {"MA", "MASSACHUSETTS", {eastern}},
      {"MI", "MICHIGAN", {eastern, central}},
      {"MN", "MINNESOTA", {central}},
      {"MS", "MISSISSIPPI", {central}},
      {"MO", "MISSOURI", {central}},
      {"MT", "MONTANA", {mountain}},
      {"NE", "NEBRASKA", {central, mountain}},
      {"NV", "NEVADA", {pacific, mountain}},
      {"NH", "NEW HAMPSHIRE", {eastern}},
      {"NJ", "NEW JERSEY", {eastern}},
      {"NM", "NEW MEXICO", {mountain}},
      {"NY", "NEW YORK", {eastern}},
      {"NC", "NORTH CAROLINA", {eastern}},
      {"ND", "NORTH DAKOTA", {central, mountain}},
      {"OH", "OHIO", {eastern}},
      {"OK", "OKLAHOMA", {central}},
      {"OR", "OREGON", {pacific, mountain}},
      {"PA", "PENNSYLVANIA", {eastern}},
      {"RI", "RHODE ISLAND", {eastern}},
      {"SC", "SOUTH CAROLINA", {eastern}},
      {"SD", "SOUTH DAKOTA", {central, mountain}},
      {"TN", "TENNESSEE", {eastern, central}},
      {"TX", "TEXAS", {central, mountain}},
      {"UT", "UTAH", {mountain}},
      {"VT", "VERMONT", {eastern}},
      {"VA", "VIRGINIA", {eastern}},
      {"WA", "WASHINGTON", {pacific}},
      {"WV", "WEST VIRGINIA", {eastern}},
      {"WI", "WISCONSIN", {central}},
      {"WY", "WYOMING", {mountain}},
      {"PR", "PUERTO RICO", {atlantic_no_dst}},
      {"VI", "U.S. VIRGIN ISLANDS", {atlantic_no_dst}},
      {"GU", "GUAM", {chamorro}},
      {"MP", "NORTHERN MARIANA ISLANDS", {chamorro}},
      {"AS", "AMERICAN SAMOA", {samoa}},
      {"AB", "ALBERTA", {mountain}},
      {"BC", "BRITISH COLUMBIA", {pacific, mountain}},
      {"MB", "MANITOBA", {central}},
      {"NB", "NEW BRUNSWICK", {atlantic}},
      {"NL", "NEWFOUNDLAND AND LABRADOR", {newfoundland, atlantic}},
      {"NS", "NOVA SCOTIA", {atlantic}},
      {"NT", "NORTHWEST TERRITORIES", {mountain}},
      {"NU", "NUNAVUT", {eastern, central, mountain}},
      {"ON", "ONTARIO", {eastern, central}},
      {"PE", "PRINCE EDWARD ISLAND", {atlantic}},
      {"QC", "QUEBEC", {eastern, atlantic_no_dst}},
      {"SK", "SASKATCHEWAN", {central_no_dst}},
      {"YT", "YUKON", {mountain_no_dst}},
  };
  return states;
}

std::string canonical(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '_') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (out.size() == 3 && out.back() == '.') out.pop_back();  // "Ca."
  return out;
}

}  // namespace

std::vector<us_time_zone> zones_of_state(std::string_view state) {
  const std::string key = canonical(state);
  if (key.empty()) return {};
  for (const auto& entry : table()) {
    if (key == entry.code || key == entry.name) return entry.zones;
  }
  if (key == "WASHINGTON DC" || key == "WASHINGTON, DC" || key == "D.C.") return {eastern};
  if (key == "NEWFOUNDLAND" || key == "LABRADOR") return {newfoundland, atlantic};
  if (key == "QUÉBEC") return {eastern, atlantic_no_dst};
  return {};
}

std::vector<us_time_zone> zones_of_region_description(std::string_view description) {
  // The geocoder answers "California", "Escondido, CA" or "Toronto, ON": try the whole text,
  // then each comma-separated part from the last, which is the most general.
  if (auto zones = zones_of_state(description); !zones.empty()) return zones;
  std::size_t end = description.size();
  while (end > 0) {
    std::size_t comma = description.rfind(',', end - 1);
    std::size_t begin = comma == std::string_view::npos ? 0 : comma + 1;
    if (auto zones = zones_of_state(description.substr(begin, end - begin)); !zones.empty()) {
      return zones;
    }
    if (comma == std::string_view::npos) break;
    end = comma;
  }
  return {};
}

}  // namespace crm::domain
