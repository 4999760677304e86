#pragma once
// A blocking client for the Messages resource of Twilio's REST API (2010-04-01), on libcurl.
//
// One client object owns one CURL easy handle, so consecutive calls reuse the TLS connection.
// A client is NOT thread-safe: use each object from one thread at a time (a gateway worker
// owns its own client). Each call makes exactly one HTTP attempt; retrying is the caller's
// decision (see retry_policy.hpp), because after a timeout a Create may already have
// succeeded and must be looked up in the message list rather than sent again.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/clock.hpp"
#include "twilio/twilio_message.hpp"
#include "twilio/twilio_outcome.hpp"

namespace crm::twilio {

/// Where and as whom to call Twilio.
struct twilio_client_config {
  /// Scheme, host and optional port, no trailing slash; the simulator or Prism in tests.
  std::string base_url = "https://api.twilio.com";
  /// AC + 32 hex; the Basic auth user.
  std::string account_sid;
  /// The Basic auth password.
  std::string auth_token;
  /// Limit for DNS, TCP and TLS set-up.
  std::chrono::milliseconds connect_timeout{5000};
  /// Limit for the whole call, connection included.
  std::chrono::milliseconds total_timeout{15000};
  /// What a Retry-After date is measured against: crmd's one clock (domain/clock.hpp).
  std::shared_ptr<const domain::clock> clock = std::make_shared<domain::system_clock>();
};

/// The form fields of a Create Message call.
struct create_message_request {
  /// Recipient, E.164.
  std::string to;
  /// Sender; ignored when messaging_service_sid is set.
  std::string from;
  /// MG + 32 hex; sent instead of From when not empty.
  std::string messaging_service_sid;
  /// The text (at most 1,600 characters).
  std::string body;
  /// Sent as repeated MediaUrl fields, in order.
  std::vector<std::string> media_urls;
  /// Absolute URL for status callbacks; omitted when empty.
  std::string status_callback;
};

/// Filters of a List Messages call; unset filters are not sent.
struct list_messages_request {
  /// To filter.
  std::optional<std::string> to;
  /// From filter.
  std::optional<std::string> from;
  /// DateSent: messages sent that (GMT) day. "YYYY-MM-DD" or an ISO 8601 date-time; a bare
  /// date is sent as "YYYY-MM-DDT00:00:00Z", as twilio-python does.
  std::optional<std::string> date_sent;
  /// DateSent<=...: sent on or before that day.
  std::optional<std::string> date_sent_before;
  /// DateSent>=...: sent on or after that day.
  std::optional<std::string> date_sent_after;
  /// 1..1000; Twilio's default is 50.
  std::optional<int> page_size;
};

/// Twilio's Messages API over one reusable connection.
class twilio_client {
public:
  /// A client for `config`; no connection is made until the first call.
  explicit twilio_client(twilio_client_config config);
  /// Closes the connection.
  ~twilio_client();
  /// Moves the handle (and its open connection) to a new owner.
  twilio_client(twilio_client&&) noexcept;
  /// Moves the handle (and its open connection) to a new owner.
  twilio_client& operator=(twilio_client&&) noexcept;
  twilio_client(const twilio_client&) = delete;
  twilio_client& operator=(const twilio_client&) = delete;

  /// POST .../Messages.json; success is Twilio's 201 with the new message (status queued).
  twilio_outcome<twilio_message> create_message(const create_message_request& request);

  /// GET .../Messages.json with the filters; the first page, newest first.
  twilio_outcome<message_page> list_messages(const list_messages_request& request);

  /// GET of a next_page_uri exactly as Twilio gave it, relative to the base URL.
  twilio_outcome<message_page> next_page(std::string_view next_page_uri);

  /// GET .../Messages/{sid}.json.
  twilio_outcome<twilio_message> fetch_message(std::string_view sid);

  /// The configuration in use.
  const twilio_client_config& config() const { return config_; }

  /// New connections opened so far (libcurl's count); stays at 1 while one is reused.
  long connections_opened() const { return connections_opened_; }

private:
  struct http_reply;
  struct handle;
  twilio_outcome<http_reply> perform(const std::string& url, const std::string* form_body);
  template <class T, class Parse>
  twilio_outcome<T> call(const std::string& url, const std::string* form_body, int success_status, Parse parse);

  twilio_client_config config_;
  std::unique_ptr<handle> handle_;
  long connections_opened_ = 0;
};

/// Parses Twilio's error JSON ({"code","message","more_info","status"}); a body that is not
/// that JSON becomes the message, so nothing Twilio said is lost.
twilio_error parse_twilio_error(int http_status, std::string_view body);

}  // namespace crm::twilio
