#pragma once
// What a message or a campaign will cost before it is sent. Money is kept in millionths of a
// dollar (integers), because sums of 0.0079 in floating point drift and totals are shown.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::domain {

/// Prices in millionths of a US dollar; defaults are Twilio's US list prices.
struct message_prices {
  std::int64_t sms_segment_micros = 7'900;   ///< $0.0079 per SMS segment
  std::int64_t mms_message_micros = 20'000;  ///< $0.02 per MMS (billed per message, not segment)
};

/// A cost estimate: what is billed and its total.
struct cost_estimate {
  unsigned segments = 0;     ///< segments of one message (1 for an MMS)
  std::size_t messages = 0;  ///< how many messages the estimate covers
  std::int64_t total_micros = 0;
};

/// Cost of sending body (with media: as MMS) to recipients numbers.
cost_estimate estimate_cost(std::string_view body, bool has_media, std::size_t recipients = 1,
                            const message_prices& prices = {});

/// micros as dollars with 2 to 6 decimals ("0.0079", "0.02", "12.50").
std::string format_usd(std::int64_t micros);

/// Parses a configured price such as "0.0079" or "$0.02" into micros; nullopt when malformed.
std::optional<std::int64_t> parse_usd(std::string_view text);

}  // namespace crm::domain
