#pragma once
// Reading request inputs: query-string parameters and single members of a JSON body.

#include <optional>
#include <string>

#include <pistache/http.h>

namespace crm::http {

/// A request's query parameters, percent-decoded.
class query_params {
public:
  explicit query_params(const Pistache::Http::Request& request);
  /// The value, or empty.
  std::string text(const std::string& name) const;
  /// The value as an integer in [min, max]; `fallback` when absent; nullopt when invalid.
  std::optional<int> integer(const std::string& name, int fallback, int min, int max) const;

private:
  std::vector<std::pair<std::string, std::string>> values_;
};

/// A string member of a JSON object body; empty when absent, not a string, or not JSON.
std::string json_string_member(const std::string& body, const char* name);

}  // namespace crm::http
