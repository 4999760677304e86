#include "http/text_inputs.hpp"

#include <string_view>

#include "domain/utf8.hpp"
#include "http/json_depth.hpp"
#include "twilio/form_body.hpp"

namespace crm::http {
namespace {

// A JSON string's escaped NUL. Outside strings valid JSON has no backslash, and inside one a
// backslash always starts an escape, so skipping each escape finds exactly the \u0000 ones.
bool has_escaped_nul(std::string_view json) {
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json[i] != '\\') continue;
    if (json.substr(i + 1, 5) == "u0000") return true;
    ++i;
  }
  return false;
}

}  // namespace

std::optional<std::string> unreadable_text(const Pistache::Http::Request& request) {
  const std::string& body = request.body();
  if (!domain::is_storable_text(body))
    return "The request body must be UTF-8 text without NUL characters; check the client's encoding";
  if (looks_like_json(body) && has_escaped_nul(body))
    return "Text may not contain the NUL character (\\u0000); remove it and try again";
  for (auto it = request.query().parameters_begin(); it != request.query().parameters_end(); ++it) {
    auto value = twilio::form_decode(it->second).value_or(it->second);
    auto name = twilio::form_decode(it->first).value_or(it->first);
    if (!domain::is_storable_text(value) || !domain::is_storable_text(name))
      return "The query parameter '" + domain::storable_text(name) +
             "' must be UTF-8 text without NUL characters; check its percent-encoding";
  }
  return std::nullopt;
}

}  // namespace crm::http
