#pragma once
// Phone numbers as the product stores and shows them: E.164 in, E.164 stored, national or
// international format out. libphonenumber does the parsing; this file only adds the
// product's own rules (no vanity letters, extensions dropped).

#include <optional>
#include <string>
#include <string_view>

namespace crm::domain {

/// The text every API answers for a phone number it cannot use.
inline constexpr const char* invalid_phone_message = "Phone number must be in E.164 format (e.g., +17605551234)";

/// A valid phone number: E.164 for storage, ISO 3166 region code (e.g. "US") of the number.
struct phone_number {
  std::string e164;
  std::string region_code;
};

/// Parses any common format with libphonenumber (default region, extension dropped); nullopt when not valid, or when it
/// contains letters.
std::optional<phone_number> parse_phone_number(std::string_view text, const std::string& default_region = "US");

/// National format for the home region, international otherwise.
std::string display_phone_number(const std::string& e164, const std::string& home_region = "US");

/// Only the digits of text ("(760) 555-01" -> "76055501"), for search.
std::string digits_of(std::string_view text);

/// Region description from libphonenumber's offline geocoder (e.g. "California"), empty when unknown.
std::string describe_region(const std::string& e164);

}  // namespace crm::domain
