#include "domain/phone_number.hpp"

#include <phonenumbers/geocoding/phonenumber_offline_geocoder.h>
#include <phonenumbers/phonenumberutil.h>

#include <cctype>
#include <memory>
#include <unordered_map>

namespace crm::domain {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberOfflineGeocoder;
using i18n::phonenumbers::PhoneNumberUtil;

// libphonenumber refuses longer input anyway; checking first keeps hostile input cheap.
constexpr std::size_t max_input_length = 250;

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Where an extension starts ("ext. 12", "x12", "#12", ";ext=12"), or npos. An extension is a
// marker followed by digits (and separators) only up to the end of the text.
std::size_t extension_start(std::string_view text) {
  static constexpr std::string_view markers[] = {";ext=", "extension", "ext", "x", "#"};
  std::string lowered(text);
  for (auto& c : lowered) c = lower(c);
  for (std::size_t at = 0; at < lowered.size(); ++at) {
    for (auto marker : markers) {
      if (lowered.compare(at, marker.size(), marker) != 0) continue;
      std::size_t rest = at + marker.size();
      bool digits = false;
      bool only_digits = true;
      for (std::size_t i = rest; i < lowered.size(); ++i) {
        char c = lowered[i];
        if (c >= '0' && c <= '9') {
          digits = true;
        } else if (c != ' ' && c != '.' && c != ':' && c != '-' && c != '=') {
          only_digits = false;
          break;
        }
      }
      if (digits && only_digits) return at;
    }
  }
  return std::string_view::npos;
}

// Vanity numbers ("+1 800 FLOWERS") are refused: a typo would text a stranger. Full-width
// Latin letters (U+FF21..U+FF3A, U+FF41..U+FF5A) count too, because libphonenumber maps them.
bool contains_letters(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_ascii_letter(text[i])) return true;
    if (i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xEF) {
      auto b1 = static_cast<unsigned char>(text[i + 1]);
      auto b2 = static_cast<unsigned char>(text[i + 2]);
      if ((b1 == 0xBC && b2 >= 0xA1 && b2 <= 0xBA) || (b1 == 0xBD && b2 >= 0x81 && b2 <= 0x9A)) {
        return true;
      }
    }
  }
  return false;
}

const PhoneNumberOfflineGeocoder& geocoder() {
  // Loading the geocoder's tables is slow, so one instance is built on first use; a function
  // static is initialised once even when threads race, and the geocoder locks internally.
  static const auto instance = std::make_unique<PhoneNumberOfflineGeocoder>();
  return *instance;
}

std::optional<PhoneNumber> parse_e164(const std::string& e164) {
  if (e164.empty() || e164.size() > max_input_length) return std::nullopt;
  PhoneNumber number;
  const auto& util = *PhoneNumberUtil::GetInstance();
  if (util.Parse(e164, "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
  return number;
}

std::optional<phone_number> parse_uncached(std::string_view text, const std::string& default_region) {
  std::string_view without_extension = text.substr(0, extension_start(text));
  if (contains_letters(without_extension)) return std::nullopt;

  const auto& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util.Parse(std::string(without_extension), default_region, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return std::nullopt;
  }
  if (!util.IsValidNumber(number)) return std::nullopt;

  // E.164 carries no extension, so one that slipped past extension_start is dropped here.
  phone_number result;
  util.Format(number, PhoneNumberUtil::E164, &result.e164);
  util.GetRegionCodeForNumber(number, &result.region_code);
  return result;
}

// libphonenumber's parse runs a dozen ICU regular expressions, a large share of crmd's CPU per
// inbound webhook (docs/benchmarks.md), for numbers that text again and again. The answer
// depends only on the text and the region, so each thread remembers its recent answers (no
// lock); it forgets them all when full, which costs one parse per number afterwards.
constexpr std::size_t parse_cache_entries = 4096;

}  // namespace

std::optional<phone_number> parse_phone_number(std::string_view text, const std::string& default_region) {
  if (text.size() > max_input_length) return std::nullopt;
  thread_local std::unordered_map<std::string, std::optional<phone_number>> recent;
  std::string key;
  key.reserve(default_region.size() + 1 + text.size());
  key.append(default_region).push_back('\0');
  key.append(text);
  if (auto it = recent.find(key); it != recent.end()) return it->second;
  if (recent.size() >= parse_cache_entries) recent.clear();
  return recent.emplace(std::move(key), parse_uncached(text, default_region)).first->second;
}

std::string display_phone_number(const std::string& e164, const std::string& home_region) {
  auto number = parse_e164(e164);
  if (!number) return e164;
  const auto& util = *PhoneNumberUtil::GetInstance();
  std::string region;
  util.GetRegionCodeForNumber(*number, &region);
  std::string formatted;
  util.Format(*number, region == home_region ? PhoneNumberUtil::NATIONAL : PhoneNumberUtil::INTERNATIONAL, &formatted);
  return formatted;
}

std::string digits_of(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits;
}

std::string describe_region(const std::string& e164) {
  auto number = parse_e164(e164);
  if (!number) return {};
  return geocoder().GetDescriptionForNumber(*number, icu::Locale("en", "US"), "US");
}

}  // namespace crm::domain
