#pragma once
// A Message resource as Twilio's REST API returns it, with the strings Twilio sends as strings
// (num_segments, price) also parsed where the CRM needs numbers.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "twilio/rfc2822_time.hpp"

namespace crm::twilio {

/// One Message resource.
struct twilio_message {
  /// SM... or MM..., 34 characters.
  std::string sid;
  /// The account that owns it.
  std::string account_sid;
  /// MG... when sent through a Messaging Service, else empty.
  std::string messaging_service_sid;
  /// queued, accepted, sending, sent, delivered, undelivered, failed, received, ...
  std::string status;
  /// inbound, outbound-api, outbound-call or outbound-reply.
  std::string direction;
  /// Sender, E.164 (or a channel address).
  std::string from;
  /// Recipient.
  std::string to;
  /// The text.
  std::string body;
  /// num_segments as Twilio sent it ("1"; "0" at first through a Messaging Service).
  std::string num_segments_text;
  /// num_segments parsed; 0 when absent or not a number.
  int num_segments = 0;
  /// num_media parsed; 0 when absent or not a number.
  int num_media = 0;
  /// e.g. "-0.00790"; nullopt while Twilio has not priced the message (JSON null).
  std::optional<std::string> price;
  /// "USD".
  std::string price_unit;
  /// Set for failed and undelivered messages.
  std::optional<int> error_code;
  /// Twilio's error text, if any.
  std::string error_message;
  /// RFC 2822 text as sent, empty when null.
  std::string date_created;
  /// RFC 2822 text as sent, empty when null (not yet sent).
  std::string date_sent;
  /// RFC 2822 text as sent, empty when null.
  std::string date_updated;
  /// date_created parsed.
  std::optional<time_point> date_created_at;
  /// date_sent parsed.
  std::optional<time_point> date_sent_at;
  /// date_updated parsed.
  std::optional<time_point> date_updated_at;
  /// "2010-04-01".
  std::string api_version;
  /// The resource's own URI, relative to the API base.
  std::string uri;
  /// subresource_uris.media: where the message's media list lives.
  std::string media_uri;
};

/// One page of a message list.
struct message_page {
  /// The messages on this page, newest first as Twilio orders them.
  std::vector<twilio_message> messages;
  /// The page index.
  int page = 0;
  /// The page size used.
  int page_size = 0;
  /// Relative to the API base; nullopt on the last page.
  std::optional<std::string> next_page_uri;
};

/// Parses a Message resource's JSON; nullopt when it is not a JSON object with a sid.
std::optional<twilio_message> parse_twilio_message(std::string_view json);

/// Parses a list reply ({"messages": [...], "next_page_uri": ..., ...}); nullopt if malformed.
std::optional<message_page> parse_message_page(std::string_view json);

}  // namespace crm::twilio
