#pragma once
// Rules of Twilio's Create Message that the CRM checks before it records a send (so a text
// Twilio would refuse is a 400, not a failure after the fact) and the simulator enforces as
// Twilio does: one definition for both sides.

#include <cstddef>
#include <string_view>

namespace crm::twilio {

/// Twilio refuses a longer body (21617).
inline constexpr std::size_t max_body_characters = 1600;

/// Characters as Twilio counts them against that limit: code points.
inline std::size_t body_characters(std::string_view body) {
  std::size_t n = 0;
  for (char c : body) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// An absolute http(s) URL with a host and no whitespace, as MediaUrl and StatusCallback need.
inline bool is_http_url(std::string_view url) {
  std::size_t host = url.rfind("https://", 0) == 0 ? 8 : url.rfind("http://", 0) == 0 ? 7 : 0;
  return host != 0 && url.size() > host && url[host] != '/' && url.find_first_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace crm::twilio
