#pragma once
// One HTTP exchange: the ResponseWriter (move-only, so shared), the request's id and start
// time, and one structured log line when the reply goes out. Replies may be sent from any
// thread; a client that already left is not an error worth more than a debug line.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include <pistache/http.h>

namespace crm::http {

class responder {
public:
  responder(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter writer);

  /// Sends `body` as JSON with `status`.
  void json(int status, const std::string& body);
  /// Sends {"success": false, "error": message, "code": code[, "field": field]}.
  void error(int status, const std::string& message, const std::string& code, const std::string& field = {});
  /// Sends any body with a content type and extra headers (name, value pairs).
  void send(int status, const std::string& body, const std::string& content_type,
            const std::vector<std::pair<std::string, std::string>>& headers = {});

  /// Adds a header to the eventual reply (e.g. Set-Cookie).
  void add_header(std::string name, std::string value);

  const std::string& request_id() const { return request_id_; }
  const std::string& method() const { return method_; }
  const std::string& path() const { return path_; }

private:
  Pistache::Http::ResponseWriter writer_;
  std::string request_id_;
  std::string method_;
  std::string path_;
  bool keep_alive_ = true;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::chrono::steady_clock::time_point started_;
  std::atomic<bool> sent_{false};
};

using responder_ptr = std::shared_ptr<responder>;

/// Makes the responder for a request handler.
responder_ptr respond_to(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter writer);

/// JSON string literal (quoted, escaped) of `text`.
std::string json_quote(const std::string& text);

}  // namespace crm::http
