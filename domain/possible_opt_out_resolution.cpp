#include "domain/possible_opt_out_resolution.hpp"

#include "domain/contact.hpp"
#include "domain/iso_time.hpp"

namespace crm::domain {
namespace {

std::string trimmed(const std::string& text) {
  constexpr const char* space = " \t\r\n\v\f";
  auto first = text.find_first_not_of(space);
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(space) - first + 1);
}

}  // namespace

const char* possible_opt_out_resolution_name(possible_opt_out_resolution resolution) {
  return resolution == possible_opt_out_resolution::revoke ? "revoke" : "keep";
}

std::optional<possible_opt_out_resolution> parse_possible_opt_out_resolution(std::string_view text) {
  if (text == "revoke") return possible_opt_out_resolution::revoke;
  if (text == "keep") return possible_opt_out_resolution::keep;
  return std::nullopt;
}

const char* resolution_error_code(resolution_error error) {
  return error == resolution_error::reason_required ? "reason_required" : "no_possible_opt_out";
}

resolution_decision decide_possible_opt_out_resolution(const thread_state& state,
                                                       possible_opt_out_resolution resolution, std::string reason,
                                                       const actor_context& who, instant now) {
  resolution_decision decision;
  if (!state.possible_opt_out) {
    decision.error = resolution_error::no_possible_opt_out;
    return decision;
  }
  reason = trimmed(reason);
  // Keeping texting someone whose words read as "stop" must say why, for whoever audits it.
  if (resolution == possible_opt_out_resolution::keep && reason.empty()) {
    decision.error = resolution_error::reason_required;
    return decision;
  }
  const auto& flag = *state.possible_opt_out;
  auto at = format_iso8601(now);
  if (resolution == possible_opt_out_resolution::revoke) {
    // The same revocation an agent records by unticking the box, so the ledger, the contact and
    // the consent audit read it as they read that one (it blocks nothing at Twilio); its note
    // keeps the person's own words as the evidence.
    actor_context ctx = who;
    ctx.now = at;
    auto note = "Texted \"" + flag.text + "\" (" + flag.message_sid + ")" + (reason.empty() ? "" : ": " + reason);
    decision.events.push_back(consent_revoked_by_agent(state.phone, state.linked_contact_id, ctx, note));
  }
  decision.events.push_back(events::possible_opt_out_resolved{
      flag.message_sid, possible_opt_out_resolution_name(resolution), reason, who.user_id, who.user_email, at});
  return decision;
}

}  // namespace crm::domain
