#pragma once
// Contacts brought in from another system (crmctl import-contacts), with the SMS consent the
// person gave before this product knew them. The contact is decided by decide_create, so an
// imported contact is the same events an API create is; only the grant differs: its evidence
// is what the other system kept (when, where, from which IP, to which wording) and which file
// and row brought it in, not a checkbox ticked here.

#include <optional>
#include <string>
#include <variant>

#include "domain/consent_ledger.hpp"
#include "domain/contact.hpp"
#include "domain/contact_fields.hpp"

namespace crm::domain {

/// The consent columns of one imported row, as the file gives them.
struct imported_consent_columns {
  std::string date;             ///< consentDate: ISO 8601
  std::string source;           ///< consentSource: where the person agreed (a web form, a paper sign-up)
  std::string ip;               ///< consentIp
  std::string wording;          ///< consentWording: the text the person agreed to
  std::string wording_version;  ///< consentWordingVersion
};

/// Checked evidence of a consent given elsewhere.
struct imported_consent {
  std::string given_at;  ///< ISO 8601 UTC: when the person agreed
  std::string source;
  std::string ip;
  std::string wording_version;
  std::string wording;
};

/// Which import brought a contact in.
struct import_origin {
  std::string file;         ///< the file's name
  std::string file_sha256;  ///< hex SHA-256 of the file's bytes: ties the evidence to the exact file
  int row = 0;              ///< the row in that file (the header is row 1)
};

/// Checks the consent columns of a row: when `opted_in`, a consent date is required; a date
/// must be ISO 8601 with a zone (or a plain date) and not after `now`; an IP must be one; a
/// wording version without the wording itself must be a known one. Returns the evidence when
/// opted in, nullopt when not; the error names the column at fault.
std::variant<std::optional<imported_consent>, contact_input_error> check_imported_consent(
    bool opted_in, const imported_consent_columns& columns, instant now);

/// ConsentGranted with source "import": the file's evidence and origin, recorded at ctx.now.
events::consent_granted consent_granted_by_import(const std::string& phone, const std::string& contact_id,
                                                  const imported_consent& consent, const import_origin& origin,
                                                  const actor_context& ctx);

/// Creating imported contact `id`: decide_create's events, with the import's grant in place
/// of a checkbox grant. `consent` must be given exactly when `fields` opt in to SMS.
contact_decision decide_import(const std::string& id, contact_fields fields,
                               const std::optional<imported_consent>& consent, const import_origin& origin,
                               const actor_context& ctx);

}  // namespace crm::domain
