#pragma once
// Twilio's Smart Encoding: characters that look like GSM-7 ones (curly quotes, dashes,
// typographic spaces, full-width forms) are replaced by them, so a body pasted from a word
// processor does not fall into UCS-2 and cost two or three times as many segments.

#include <optional>
#include <string>
#include <string_view>

namespace crm::domain {

/// The GSM-7 text a lookalike character becomes, or nullopt when cp is kept as it is.
std::optional<std::string_view> smart_replacement(char32_t cp);

/// body with every lookalike replaced; malformed bytes become U+FFFD.
std::string smart_encode(std::string_view body);

}  // namespace crm::domain
