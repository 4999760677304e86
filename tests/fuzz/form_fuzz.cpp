// libFuzzer target for the Twilio wire code that sees untrusted bytes: the form parser (every
// webhook body), signature computation and validation over arbitrary URLs and params, the
// URL port rewriting, RFC 2822 dates, and the repair of decoded values into storable text.
// Properties, not just "no crash": encode(parse(x)) parses back to the same params, a
// signature always validates against the params it was computed for, and repaired text is
// storable and equal to the input exactly when the input was.
// The JSON entry point has its own target (json_entry_fuzz.cpp).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/utf8.hpp"
#include "twilio/form_body.hpp"
#include "twilio/rfc2822_time.hpp"
#include "twilio/signature.hpp"
#include "twilio/url_port.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace crm::twilio;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  static const signature_validator validator("fuzz-auth-token");

  auto parsed = parse_form(input);
  require(parsed.params.has_value() != parsed.error.has_value());
  if (parsed) {
    const form_params& params = *parsed.params;
    auto again = parse_form(encode_form(params));
    require(again && *again.params == params);
    for (const auto& [name, value] : params) {
      require(form_value(params, name).has_value());
      require(!form_values(params, name).empty());
      // What the webhooks keep of any decoded value is text PostgreSQL takes.
      auto kept = crm::domain::storable_text(value);
      require(crm::domain::is_storable_text(kept));
      require((kept == value) == crm::domain::is_storable_text(value));
    }
    std::string url = "https://crm.example.com/api/crm/sms/webhook";
    std::string signature = validator.sign(url, params);
    require(signature.size() == 28);
    require(validator.validate(url, params, signature));
    require(validator.validate(url_with_default_port(url), params, signature));
  } else {
    require(parsed.error->offset < input.size());
    require(input[parsed.error->offset] == '%');
  }

  // The input as a URL: port rewriting must be stable, signing must round-trip.
  std::string without = url_without_port(input);
  require(url_without_port(without) == without);
  std::string signature = validator.sign(input, {});
  require(validator.validate(input, {}, signature));
  validator.validate_json(input, input, signature);

  if (auto t = parse_rfc2822(input)) require(parse_rfc2822(format_rfc2822(*t)) == *t);
  parse_iso8601(input);
  return 0;
}
