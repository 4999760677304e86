#include "http/security_headers.hpp"

#include <atomic>

namespace crm::http {
namespace {
std::atomic<bool> https{false};

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }
}  // namespace

void serve_as_https(bool value) { https = value; }
bool served_as_https() { return https; }

std::vector<std::pair<std::string, std::string>> security_headers(const std::string& content_type,
                                                                  bool has_cache_control) {
  std::vector<std::pair<std::string, std::string>> headers{{"X-Content-Type-Options", "nosniff"},
                                                           {"Referrer-Policy", "same-origin"}};
  if (starts_with(content_type, "text/html")) {
    headers.emplace_back("Content-Security-Policy", content_security_policy);
    headers.emplace_back("X-Frame-Options", "DENY");  // browsers without frame-ancestors
  }
  if (!has_cache_control && starts_with(content_type, "application/json"))
    headers.emplace_back("Cache-Control", "no-store");
  if (https) headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return headers;
}

}  // namespace crm::http
