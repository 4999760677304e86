#pragma once
// The team: every user as its stream's events leave it, and the decisions on users. A rule that
// spans users (an email names one user; at least one active administrator remains) is decided
// on the whole team, which is why users are decided together (team/team_service.hpp).

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "domain/domain_event.hpp"
#include "domain/user_events.hpp"

namespace crm::domain {

inline constexpr const char* role_admin = "admin";
inline constexpr const char* role_agent = "agent";

/// A user as its events leave it.
struct user_record {
  std::string id, email, name, role, created_at;
  bool active = true;
  std::int64_t version = 0;  ///< of its stream
};

struct team_state {
  std::map<std::string, user_record> users;  ///< by id
  /// The user whose email is `email` (compared without case), or null.
  const user_record* by_email(const std::string& email) const;
  const user_record* by_id(const std::string& id) const;
  int active_admins() const;
};

/// Applies one event of user stream at `version` to the team.
void evolve(team_state& team, const user_event& event, std::int64_t version);

enum class user_refusal { invalid_email, invalid_name, invalid_role, email_taken, not_found, last_admin };

/// What a decision on users came to: events for the stream of `user_id`, or a refusal.
struct user_decision {
  std::optional<user_refusal> refusal;
  std::string field;  ///< the request field a refusal is about
  std::string user_id;
  user_events events;
};

struct new_user {
  std::string id;  ///< chosen by the caller (a new uuid)
  std::string email, name, role;
};

/// Creates a user; `ctx.user_id` ("" for the operator or start-up: "system") is who did it.
user_decision decide_create_user(const team_state& team, const new_user& user, const actor_context& ctx);

struct user_change {
  std::string id;
  std::optional<std::string> name, role;
  std::optional<bool> active;
};

/// Renames, changes the role, deactivates or reactivates; refuses to leave no active admin.
user_decision decide_change_user(const team_state& team, const user_change& change, const actor_context& ctx);

/// Records that the password of `user_id` was set anew.
user_decision decide_password_change(const team_state& team, const std::string& user_id, const actor_context& ctx);

/// An email trimmed and checked (one @, something either side, no spaces, at most 254 bytes):
/// nullopt when it is no email.
std::optional<std::string> normalized_email(const std::string& email);

}  // namespace crm::domain
