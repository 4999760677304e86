#pragma once
// application/x-www-form-urlencoded bodies, as Twilio sends its webhooks and as its REST API
// expects requests. Repeated keys are kept in order because Twilio repeats MediaUrl and the
// signature covers every value of a repeated name.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::twilio {

/// Decoded name/value pairs in the order they appeared, repeats included.
using form_params = std::vector<std::pair<std::string, std::string>>;

/// Why a form body could not be decoded.
struct form_error {
  /// Byte offset of the offending character in the input.
  std::size_t offset = 0;
  /// A human-readable explanation, e.g. "bad percent escape '%zz' at offset 4".
  std::string message;
};

/// The outcome of parsing: either the params or the error, never both.
struct form_parse_result {
  /// Set on success.
  std::optional<form_params> params;
  /// Set on failure.
  std::optional<form_error> error;

  /// True when parsing succeeded.
  explicit operator bool() const { return params.has_value(); }
};

/// Parses a form body; '+' is a space, %XX a byte; a bad escape is an error, not a guess.
form_parse_result parse_form(std::string_view body);

/// Percent-decodes one component ('+' as space); nullopt on a malformed escape.
std::optional<std::string> form_decode(std::string_view text);

/// Percent-encodes one component for a form body (space as '+', unreserved bytes kept).
std::string form_encode_component(std::string_view text);

/// Encodes params as a form body, keeping order and repeats.
std::string encode_form(const form_params& params);

/// The first value of `name`, if present.
std::optional<std::string> form_value(const form_params& params, std::string_view name);

/// Every value of `name`, in order.
std::vector<std::string> form_values(const form_params& params, std::string_view name);

}  // namespace crm::twilio
