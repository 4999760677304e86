#pragma once
// Validation and normalisation of a contact as the API receives it (api.md, "Contact").
// The result is a JSON object holding only known fields, with the phone in E.164.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace crm::domain {

/// Why a contact body was refused: the field at fault and a sentence a person can act on.
struct contact_input_error {
  std::string field;
  std::string message;
  std::string code;  ///< stable token: invalid_json, missing_field, invalid_field, invalid_phone
};

/// A validated contact body.
struct contact_fields {
  std::string json;                     ///< JSON object of the known fields given, normalised
  std::optional<std::string> phone;     ///< E.164, when the body carried a phone
  std::optional<bool> sms_opt_in;       ///< when the body carried preferences.smsOptIn
  std::string consent_wording_version;  ///< consentWordingVersion, when given
};

enum class contact_body_mode {
  create,  ///< firstName, lastName and phone required
  update,  ///< every field optional; `_id` ignored here
};

/// Parses and validates a JSON body; the error names the first field at fault.
std::variant<contact_fields, contact_input_error> parse_contact_fields(std::string_view body, contact_body_mode mode,
                                                                       const std::string& default_region);

/// The statuses a contact may have.
bool is_contact_status(std::string_view status);

/// The consent wording shown beside the "SMS opt-in" checkbox, by version id.
/// Returns nullopt for an unknown version.
std::optional<std::string> consent_wording(std::string_view version);

/// The version id of the wording the UI shows today.
inline constexpr const char* current_consent_wording_version = "tcpa-v1";

}  // namespace crm::domain
