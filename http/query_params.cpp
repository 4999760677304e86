#include "http/query_params.hpp"

#include <cstdlib>

#include <rapidjson/document.h>

#include "twilio/form_body.hpp"

namespace crm::http {

query_params::query_params(const Pistache::Http::Request& request) {
  // Pistache 0.0.5 splits the query but does not percent-decode it.
  for (auto it = request.query().parameters_begin(); it != request.query().parameters_end(); ++it) {
    auto key = twilio::form_decode(it->first);
    auto value = twilio::form_decode(it->second);
    values_.emplace_back(key.value_or(it->first), value.value_or(it->second));
  }
}

std::string query_params::text(const std::string& name) const {
  for (auto& [key, value] : values_)
    if (key == name) return value;
  return {};
}

std::optional<int> query_params::integer(const std::string& name, int fallback, int min, int max) const {
  auto value = text(name);
  if (value.empty()) return fallback;
  char* end = nullptr;
  long n = std::strtol(value.c_str(), &end, 10);
  if (*end != '\0' || n < min || n > max) return std::nullopt;
  return static_cast<int>(n);
}

std::string json_string_member(const std::string& body, const char* name) {
  rapidjson::Document d;
  d.Parse(body.c_str(), body.size());
  if (d.HasParseError() || !d.IsObject()) return {};
  auto it = d.FindMember(name);
  return it != d.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace crm::http
