#pragma once
// X-Twilio-Signature, exactly as twilio-contract.md describes it: base64(HMAC-SHA1(AuthToken,
// URL + each param name and value, sorted by name then value in byte order)). A name/value
// pair repeated verbatim is signed once, as the contract's repeated-Digits vector requires
// (twilio-python signs sorted(set(values)) for each name). Validation
// accepts the URL with its port removed and with the scheme's default port added, because
// Twilio is inconsistent about which one it signs, and compares in constant time.

#include <string>
#include <string_view>

#include "twilio/form_body.hpp"
#include "twilio/hmac_sha1_key.hpp"

namespace crm::twilio {

/// The string Twilio signs for a form POST: the URL, then every name and value, sorted.
std::string signature_data(std::string_view url, const form_params& params);

/// Hex SHA-256 of a raw body, as carried in the `bodySHA256` query parameter.
std::string body_sha256_hex(std::string_view body);

/// Signs and validates with one auth token; the HMAC key schedule is computed once.
/// Immutable after construction, so one validator may serve every thread.
class signature_validator {
public:
  /// Prepares the key for `auth_token`.
  explicit signature_validator(std::string_view auth_token);

  /// The signature Twilio would send for `url` (used exactly as given) and `params`.
  std::string sign(std::string_view url, const form_params& params) const;

  /// True when `signature` matches the URL as given, without its port, or with the default
  /// port; the comparison takes the same time wherever the first difference is.
  bool validate(std::string_view url, const form_params& params, std::string_view signature) const;

  /// The JSON-body variant: the URL carries bodySHA256=<hex sha256 of body>; the signature
  /// covers the URL alone and the hash must match the body.
  bool validate_json(std::string_view url, std::string_view body, std::string_view signature) const;

private:
  hmac_sha1_key key_;
};

/// One-shot signing with a token; prefer signature_validator when signing many.
std::string compute_signature(std::string_view auth_token, std::string_view url, const form_params& params);

/// One-shot validation of a form POST's signature.
bool validate_signature(std::string_view auth_token, std::string_view url, const form_params& params,
                        std::string_view signature);

/// One-shot validation of a JSON body's signature (bodySHA256 variant).
bool validate_json_signature(std::string_view auth_token, std::string_view url, std::string_view body,
                             std::string_view signature);

}  // namespace crm::twilio
