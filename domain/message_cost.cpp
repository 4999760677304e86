#include "domain/message_cost.hpp"

#include "domain/sms_segments.hpp"

#include <limits>

namespace crm::domain {

cost_estimate estimate_cost(std::string_view body, bool has_media, std::size_t recipients,
                            const message_prices& prices) {
  cost_estimate estimate;
  estimate.messages = recipients;
  // Twilio bills an MMS as one message whatever its length; an empty SMS is never sent.
  estimate.segments = has_media ? 1 : count_segments(body).segments;
  const std::int64_t each = has_media ? prices.mms_message_micros : prices.sms_segment_micros * estimate.segments;
  estimate.total_micros = each * static_cast<std::int64_t>(recipients);
  return estimate;
}

std::string format_usd(std::int64_t micros) {
  std::string sign = micros < 0 ? "-" : "";
  // Negating INT64_MIN overflows; no price is near it, so clamp rather than trip UB.
  std::uint64_t magnitude = micros < 0 ? 0 - static_cast<std::uint64_t>(micros) : static_cast<std::uint64_t>(micros);
  std::string fraction = std::to_string(magnitude % 1'000'000);
  fraction.insert(0, 6 - fraction.size(), '0');
  while (fraction.size() > 2 && fraction.back() == '0') fraction.pop_back();
  return sign + std::to_string(magnitude / 1'000'000) + "." + fraction;
}

std::optional<std::int64_t> parse_usd(std::string_view text) {
  if (!text.empty() && text.front() == '$') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::int64_t whole = 0;
  std::size_t i = 0;
  bool digits = false;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    if (whole > std::numeric_limits<std::int64_t>::max() / 10 / 1'000'000) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
    digits = true;
  }
  std::int64_t fraction = 0;
  std::int64_t scale = 100'000;
  if (i < text.size()) {
    for (++i; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      if (scale == 0) {
        if (text[i] != '0') return std::nullopt;  // finer than a micro-dollar
        continue;
      }
      fraction += (text[i] - '0') * scale;
      scale /= 10;
      digits = true;
    }
  }
  if (!digits) return std::nullopt;
  return whole * 1'000'000 + fraction;
}

}  // namespace crm::domain
