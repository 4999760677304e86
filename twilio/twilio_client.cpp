#include "twilio/twilio_client.hpp"

#include <curl/curl.h>
#include <rapidjson/document.h>

#include <cctype>
#include <mutex>

#include "twilio/form_body.hpp"
#include "twilio/retry_after.hpp"

namespace crm::twilio {

struct twilio_client::http_reply {
  long status = 0;
  std::string body;
  std::optional<std::string> retry_after;  ///< the header's value, parsed against the clock
};

struct twilio_client::handle {
  CURL* curl = nullptr;
  ~handle() {
    if (curl) curl_easy_cleanup(curl);
  }
};

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  constexpr std::string_view name = "retry-after:";
  if (line.size() > name.size()) {
    bool match = true;
    for (std::size_t i = 0; i < name.size() && match; ++i)
      match = std::tolower(static_cast<unsigned char>(line[i])) == name[i];
    if (match) *static_cast<std::optional<std::string>*>(user) = std::string(line.substr(name.size()));
  }
  return size * count;
}

transport_failure classify_curl(CURLcode code, bool request_sent, const char* detail) {
  transport_failure f;
  f.detail = std::string(curl_easy_strerror(code)) + (detail && *detail ? ": " : "") + (detail ? detail : "");
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION: f.kind = transport_failure_kind::could_not_connect; break;
    case CURLE_OPERATION_TIMEDOUT:
      f.kind = request_sent ? transport_failure_kind::timed_out : transport_failure_kind::could_not_connect;
      break;
    default:
      f.kind = request_sent ? transport_failure_kind::connection_lost : transport_failure_kind::could_not_connect;
  }
  return f;
}

// twilio-python sends DateSent filters as date-times ("2023-08-24T00:00:00Z"), and Twilio's
// OpenAPI description types them as date-time, so a bare date is sent that way too.
std::string date_sent_value(const std::string& value) {
  bool date_only = false;
  if (parse_iso8601(value, &date_only) && date_only) return value + "T00:00:00Z";
  return value;
}

std::string query(const form_params& params) { return params.empty() ? std::string() : "?" + encode_form(params); }

}  // namespace

twilio_error parse_twilio_error(int http_status, std::string_view body) {
  twilio_error e;
  e.http_status = http_status;
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    e.message = std::string(body);
    return e;
  }
  auto code = doc.FindMember("code");
  if (code != doc.MemberEnd() && code->value.IsInt()) e.code = code->value.GetInt();
  auto message = doc.FindMember("message");
  if (message != doc.MemberEnd() && message->value.IsString()) e.message = message->value.GetString();
  // Not Twilio's shape (a proxy, a mock): keep the whole body so the cause is not lost.
  if (e.message.empty()) e.message = std::string(body);
  auto more = doc.FindMember("more_info");
  if (more != doc.MemberEnd() && more->value.IsString()) e.more_info = more->value.GetString();
  return e;
}

twilio_client::twilio_client(twilio_client_config config)
    : config_(std::move(config)), handle_(std::make_unique<handle>()) {
  global_init();
  while (!config_.base_url.empty() && config_.base_url.back() == '/') config_.base_url.pop_back();
}

twilio_client::~twilio_client() = default;
twilio_client::twilio_client(twilio_client&&) noexcept = default;
twilio_client& twilio_client::operator=(twilio_client&&) noexcept = default;

twilio_outcome<twilio_client::http_reply> twilio_client::perform(const std::string& url, const std::string* form_body) {
  if (!handle_->curl) handle_->curl = curl_easy_init();
  CURL* curl = handle_->curl;
  if (!curl) return transport_failure{transport_failure_kind::could_not_connect, "curl_easy_init failed"};
  // Reset clears the previous call's options but keeps the connection cache, so the TLS
  // session to Twilio survives between calls.
  curl_easy_reset(curl);
  http_reply reply;
  char error_text[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we are threaded
  curl_easy_setopt(curl, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
  curl_easy_setopt(curl, CURLOPT_USERNAME, config_.account_sid.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.auth_token.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(config_.total_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "sms-crm/1.0 (libcurl)");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.retry_after);
  curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
  // A 100-continue round trip would only add latency to every Create.
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (form_body) {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form_body->c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(form_body->size()));
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  long connects = 0;
  curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
  connections_opened_ += connects;
  if (rc != CURLE_OK) {
    // Bytes of the request went out: Twilio may have acted on it.
    long request_size = 0;
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &request_size);
    return classify_curl(rc, request_size > 0, error_text);
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

template <class T, class Parse>
twilio_outcome<T> twilio_client::call(const std::string& url, const std::string* form_body, int success_status,
                                      Parse parse) {
  auto outcome = perform(url, form_body);
  if (const auto* failure = outcome.failure()) return *failure;
  const http_reply& reply = *outcome.value();
  if (reply.status != success_status) {
    twilio_error e = parse_twilio_error(static_cast<int>(reply.status), reply.body);
    if (reply.retry_after) e.retry_after = parse_retry_after(*reply.retry_after, config_.clock->now());
    return e;
  }
  auto parsed = parse(reply.body);
  if (!parsed) {
    return transport_failure{transport_failure_kind::bad_reply, "unexpected reply body: " + reply.body.substr(0, 200)};
  }
  return std::move(*parsed);
}

twilio_outcome<twilio_message> twilio_client::create_message(const create_message_request& r) {
  form_params form = {{"To", r.to}};
  if (!r.messaging_service_sid.empty()) {
    form.emplace_back("MessagingServiceSid", r.messaging_service_sid);
  } else {
    form.emplace_back("From", r.from);
  }
  form.emplace_back("Body", r.body);
  for (const auto& url : r.media_urls) form.emplace_back("MediaUrl", url);
  if (!r.status_callback.empty()) form.emplace_back("StatusCallback", r.status_callback);
  std::string body = encode_form(form);
  std::string url = config_.base_url + "/2010-04-01/Accounts/" + config_.account_sid + "/Messages.json";
  return call<twilio_message>(url, &body, 201, parse_twilio_message);
}

twilio_outcome<message_page> twilio_client::list_messages(const list_messages_request& r) {
  form_params q;
  if (r.to) q.emplace_back("To", *r.to);
  if (r.from) q.emplace_back("From", *r.from);
  if (r.date_sent) q.emplace_back("DateSent", date_sent_value(*r.date_sent));
  // The comparison belongs to the key: "DateSent<" is sent as DateSent%3C=...
  if (r.date_sent_before) q.emplace_back("DateSent<", date_sent_value(*r.date_sent_before));
  if (r.date_sent_after) q.emplace_back("DateSent>", date_sent_value(*r.date_sent_after));
  if (r.page_size) q.emplace_back("PageSize", std::to_string(*r.page_size));
  std::string url = config_.base_url + "/2010-04-01/Accounts/" + config_.account_sid + "/Messages.json" + query(q);
  return call<message_page>(url, nullptr, 200, parse_message_page);
}

twilio_outcome<message_page> twilio_client::next_page(std::string_view next_page_uri) {
  std::string url = config_.base_url;
  if (next_page_uri.empty() || next_page_uri.front() != '/') url += '/';
  url += next_page_uri;
  return call<message_page>(url, nullptr, 200, parse_message_page);
}

twilio_outcome<twilio_message> twilio_client::fetch_message(std::string_view sid) {
  std::string url = config_.base_url + "/2010-04-01/Accounts/" + config_.account_sid + "/Messages/" +
                    form_encode_component(sid) + ".json";
  return call<twilio_message>(url, nullptr, 200, parse_twilio_message);
}

}  // namespace crm::twilio
