#include "domain/contact_import.hpp"

#include <arpa/inet.h>

#include <cassert>

#include "domain/iso_time.hpp"

namespace crm::domain {
namespace {

std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool is_ip_address(const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

contact_input_error invalid(std::string field, std::string message) {
  return {std::move(field), std::move(message), "invalid_field"};
}

}  // namespace

std::variant<std::optional<imported_consent>, contact_input_error> check_imported_consent(
    bool opted_in, const imported_consent_columns& columns, instant now) {
  imported_consent consent;
  auto date = trimmed(columns.date);
  if (!date.empty()) {
    auto at = parse_iso8601_with_zone(date);
    if (!at)
      return invalid("consentDate",
                     "consentDate must be an ISO 8601 date (2024-03-01) or date and time with a zone "
                     "(2024-03-01T09:30:00Z, 2024-03-01T09:30:00-08:00)");
    if (*at > now) return invalid("consentDate", "consentDate is in the future");
    consent.given_at = format_iso8601(*at);
  } else if (opted_in) {
    return contact_input_error{"consentDate",
                               "consentDate is required when smsOptIn is true: the date the person agreed is the "
                               "evidence of their consent",
                               "missing_field"};
  }
  consent.ip = trimmed(columns.ip);
  if (!consent.ip.empty() && !is_ip_address(consent.ip))
    return invalid("consentIp", "consentIp must be an IPv4 or IPv6 address");
  consent.source = trimmed(columns.source);
  if (consent.source.size() > 500)
    return invalid("consentSource", "consentSource is too long (at most 500 characters)");
  consent.wording = trimmed(columns.wording);
  if (consent.wording.size() > 5000)
    return invalid("consentWording", "consentWording is too long (at most 5000 characters)");
  consent.wording_version = trimmed(columns.wording_version);
  if (consent.wording_version.size() > 200)
    return invalid("consentWordingVersion", "consentWordingVersion is too long (at most 200 characters)");
  // A version alone is evidence only when this product knows its text; another system's
  // version label needs the text beside it.
  if (consent.wording.empty() && !consent.wording_version.empty()) {
    auto known = consent_wording(consent.wording_version);
    if (!known)
      return invalid("consentWordingVersion",
                     "consentWordingVersion is not a known consent wording: give the wording itself in consentWording");
    consent.wording = *known;
  }
  if (!opted_in) return std::optional<imported_consent>{};
  return std::optional<imported_consent>{std::move(consent)};
}

events::consent_granted consent_granted_by_import(const std::string& phone, const std::string& contact_id,
                                                  const imported_consent& consent, const import_origin& origin,
                                                  const actor_context& ctx) {
  auto given = [](const std::string& text) { return text.empty() ? std::nullopt : std::optional<std::string>(text); };
  events::consent_granted e;
  e.phone = phone;
  e.source = "import";
  e.contact_id = contact_id;
  e.agent_id = given(ctx.user_id);
  e.agent_email = given(ctx.user_email);
  e.ip = consent.ip;
  e.wording_version = consent.wording_version;
  e.wording = consent.wording;
  e.at = consent.given_at;
  e.consent_source = consent.source;
  e.import_file = origin.file;
  e.import_file_sha256 = origin.file_sha256;
  e.import_row = origin.row;
  e.import_id = given(ctx.request_id);
  e.imported_at = ctx.now;
  return e;
}

contact_decision decide_import(const std::string& id, contact_fields fields,
                               const std::optional<imported_consent>& consent, const import_origin& origin,
                               const actor_context& ctx) {
  assert(fields.sms_opt_in.value_or(false) == consent.has_value());
  // decide_create grants by checkbox when the fields opt in; the import's grant replaces it.
  fields.sms_opt_in.reset();
  auto decision = decide_create(id, fields, ctx);
  if (consent) decision.thread_events.push_back(consent_granted_by_import(decision.phone, id, *consent, origin, ctx));
  return decision;
}

}  // namespace crm::domain
