#pragma once
// An agent's answer to a thread's possible opt-out (PossibleOptOutFlagged): the text did revoke
// consent (revoke), or it did not and the agent says why (keep). Both are recorded with the
// agent, since either decides whether the number may be texted again.

#include <optional>
#include <string>
#include <string_view>

#include "domain/domain_event.hpp"
#include "domain/thread_state.hpp"

namespace crm::domain {

/// What the agent decided about the flagged text.
enum class possible_opt_out_resolution {
  revoke,  ///< it asked to stop: recorded as the agent's revocation of consent
  keep,    ///< it did not ("stop by the house at 5"); needs a reason
};

/// "revoke" or "keep".
const char* possible_opt_out_resolution_name(possible_opt_out_resolution resolution);

/// The resolution text names (as possible_opt_out_resolution_name spells it); nullopt when unknown.
std::optional<possible_opt_out_resolution> parse_possible_opt_out_resolution(std::string_view text);

/// Why a resolution was refused.
enum class resolution_error {
  no_possible_opt_out,  ///< the thread holds no unresolved possible opt-out
  reason_required,      ///< keep without a reason
};

/// The API's code: "no_possible_opt_out" or "reason_required".
const char* resolution_error_code(resolution_error error);

/// The resolution's events, or why there are none.
struct resolution_decision {
  std::optional<resolution_error> error;
  thread_events events;
  /// Whether the resolution is recorded.
  bool ok() const { return !error.has_value(); }
};

/// Resolves the thread's possible opt-out. revoke: ConsentRevoked exactly as an agent's
/// revocation (consent_revoked_by_agent: source "agent", its note naming the text), then
/// PossibleOptOutResolved {messageSid, resolution, reason, by, byEmail, at}; keep: only
/// PossibleOptOutResolved, and only with a reason that is not blank. The reason is trimmed; `who`
/// is the agent, `now` the time of both events.
resolution_decision decide_possible_opt_out_resolution(const thread_state& state,
                                                       possible_opt_out_resolution resolution, std::string reason,
                                                       const actor_context& who, instant now);

}  // namespace crm::domain
