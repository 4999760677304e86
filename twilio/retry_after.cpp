#include "twilio/retry_after.hpp"

#include <algorithm>
#include <cctype>

namespace crm::twilio {

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  if (value.empty()) return std::nullopt;
  long long seconds = 0;
  for (char c : value) {
    if (c < '0' || c > '9') {
      // The HTTP-date form: wait until then.
      auto when = parse_rfc2822(value);
      if (!when) return std::nullopt;
      auto left = std::chrono::duration_cast<std::chrono::seconds>(*when - now);
      return std::max(left, std::chrono::seconds(0));
    }
    if (seconds < 1000000000) seconds = seconds * 10 + (c - '0');
  }
  return std::chrono::seconds(seconds);
}

}  // namespace crm::twilio
