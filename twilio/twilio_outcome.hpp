#pragma once
// What one call to Twilio's REST API can end in, as values: the reply, Twilio's refusal, or a
// transport failure. A transport failure says whether the request may have reached Twilio,
// because after a timeout a Create may have succeeded and must be looked up, not resent.

#include <chrono>
#include <optional>
#include <string>
#include <variant>

namespace crm::twilio {

/// Twilio answered with an error status and (usually) its error JSON.
struct twilio_error {
  /// The HTTP status, e.g. 400, 401, 404, 429, 500.
  int http_status = 0;
  /// Twilio's error code (21211, 20429, ...); nullopt when the body carried none.
  std::optional<int> code;
  /// Twilio's message, or the raw body when it was not Twilio's JSON.
  std::string message;
  /// Twilio's more_info link.
  std::string more_info;
  /// The Retry-After header, when present.
  std::optional<std::chrono::seconds> retry_after;
};

/// How a call failed below HTTP.
enum class transport_failure_kind {
  /// DNS, refused, connect or TLS failure: the request never reached Twilio.
  could_not_connect,
  /// The request was sent and no complete answer came in time: it may have been processed.
  timed_out,
  /// The connection broke after the request was sent: it may have been processed.
  connection_lost,
  /// A success status with a body that is not the JSON expected: it was processed.
  bad_reply,
};

/// A call that produced no usable HTTP answer.
struct transport_failure {
  /// Which kind of failure.
  transport_failure_kind kind = transport_failure_kind::could_not_connect;
  /// libcurl's error text or the parse problem, for logs.
  std::string detail;

  /// False only when Twilio certainly never saw the request.
  bool request_may_have_arrived() const { return kind != transport_failure_kind::could_not_connect; }
};

/// The result of one call: exactly one of success, Twilio's error, or a transport failure.
template <class T>
class twilio_outcome {
public:
  /// A success.
  twilio_outcome(T value) : value_(std::move(value)) {}
  /// Twilio refused.
  twilio_outcome(twilio_error error) : value_(std::move(error)) {}
  /// The call failed below HTTP.
  twilio_outcome(transport_failure failure) : value_(std::move(failure)) {}

  /// True on success.
  bool ok() const { return std::holds_alternative<T>(value_); }
  /// The success value, or nullptr.
  const T* value() const { return std::get_if<T>(&value_); }
  /// Twilio's error, or nullptr.
  const twilio_error* error() const { return std::get_if<twilio_error>(&value_); }
  /// The transport failure, or nullptr.
  const transport_failure* failure() const { return std::get_if<transport_failure>(&value_); }
  /// The underlying variant, for std::visit.
  const std::variant<T, twilio_error, transport_failure>& get() const { return value_; }

private:
  std::variant<T, twilio_error, transport_failure> value_;
};

}  // namespace crm::twilio
