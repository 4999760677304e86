#include "http/request_admission.hpp"

#include <strings.h>

#include <algorithm>
#include <cctype>

namespace crm::http {
namespace {

using Pistache::Http::Method;

std::string header(const Pistache::Rest::Request& request, const char* name) {
  auto raw = request.headers().tryGetRaw(name);
  return raw ? raw->value() : std::string();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// "https://crm.example.com:8443/path" -> "crm.example.com:8443"
std::string authority_of(const std::string& url) {
  auto start = url.find("://");
  if (start == std::string::npos) return {};
  start += 3;
  return lower(url.substr(start, url.find('/', start) - start));
}

// "https://crm.example.com/" -> "https://crm.example.com"
std::string origin_of_url(const std::string& url) {
  auto start = url.find("://");
  if (start == std::string::npos) return {};
  return lower(url.substr(0, url.find('/', start + 3)));
}

bool is_change(Method method) {
  return method == Method::Post || method == Method::Put || method == Method::Patch || method == Method::Delete;
}

bool bearer_authenticated(const Pistache::Rest::Request& request) {
  auto value = header(request, "Authorization");
  return value.size() > 7 && strncasecmp(value.c_str(), "Bearer ", 7) == 0;
}

}  // namespace

std::optional<admission_refusal> refuse_cross_site(const Pistache::Rest::Request& request,
                                                   const std::string& public_base_url) {
  if (!is_change(request.method()) || bearer_authenticated(request) || !request.cookies().has("crm_session"))
    return std::nullopt;
  auto origin = lower(header(request, "Origin"));
  if (!origin.empty()) {
    if (origin != "null" &&
        (origin == origin_of_url(public_base_url) || authority_of(origin) == lower(header(request, "Host"))))
      return std::nullopt;
  } else if (lower(header(request, "Sec-Fetch-Site")) == "same-origin") {
    return std::nullopt;
  }
  return admission_refusal{403,
                           "This change did not come from the CRM's own pages, so it was refused; "
                           "scripts sign in and send Authorization: Bearer instead of the cookie",
                           "bad_origin"};
}

std::optional<admission_refusal> refuse_non_json(const Pistache::Rest::Request& request) {
  if (request.body().empty()) return std::nullopt;
  auto type = lower(header(request, "Content-Type"));
  auto essence = type.substr(0, type.find(';'));
  essence.erase(std::remove(essence.begin(), essence.end(), ' '), essence.end());
  if (essence == "application/json") return std::nullopt;
  return admission_refusal{415, "Send the body as JSON with Content-Type: application/json", "unsupported_media_type"};
}

}  // namespace crm::http
