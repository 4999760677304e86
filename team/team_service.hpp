#pragma once
// Users and their credentials, decided on the whole team (domain/team.hpp) and written to the
// log. Blocking: crmd calls it from a thread of its own (http/team_worker.hpp), crmctl directly.
//
// Every change takes one PostgreSQL advisory lock, reads the user events it has not seen, decides
// and appends, so a rule spanning users (an email names one user, an active administrator
// remains) holds across crmd instances and crmctl alike, and user events commit in log order.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/clock.hpp"
#include "domain/team.hpp"
#include "eventlog/event_store.hpp"

namespace crm::team {

struct team_outcome {
  enum class status {
    ok,
    refused,         ///< the decision refused (`refusal`, `field`)
    weak_password,   ///< `message` says why (domain/password_policy.hpp)
    wrong_password,  ///< the current password given does not match
    unavailable,     ///< the database failed; `message` has its words
  };
  status result = status::ok;
  std::optional<domain::user_refusal> refusal;
  std::string field;
  std::string message;
  domain::user_record user;   ///< the user as it now is (ok)
  std::int64_t position = 0;  ///< the last log position written; 0 when nothing was
  bool ok() const { return result == status::ok; }
};

class team_service {
public:
  team_service(std::string database_url, std::shared_ptr<const domain::clock> clock);

  /// A new user with its password; `ctx.user_id` is who creates it ("" for the operator).
  team_outcome create_user(const domain::new_user& user, const std::string& password, const domain::actor_context& ctx);
  /// Name, role, active, and an administrator's password reset when `new_password` is given; a
  /// deactivated user's sessions end, and so do those of a user whose password is reset.
  team_outcome change_user(const domain::user_change& change, const domain::actor_context& ctx,
                           const std::optional<std::string>& new_password = std::nullopt);
  /// Sets a user's password (an administrator's reset, the operator's): every session of it ends.
  team_outcome set_password(const std::string& user_id, const std::string& password, const domain::actor_context& ctx);
  /// A user's own change: `current` must match; its other sessions end, the one whose token's
  /// SHA-256 (hex) is `keep_session` stays.
  team_outcome change_own_password(const std::string& user_id, const std::string& current, const std::string& next,
                                   const domain::actor_context& ctx, const std::string& keep_session);

  /// Every user, as the log has them now.
  std::vector<domain::user_record> users();
  /// The user whose email is `email` (without regard to case), as the log has it now.
  std::optional<domain::user_record> user_with_email(const std::string& email);

  /// Start-up: a UserCreated for each user the `users` table had before users had streams,
  /// then the administrator from the environment, created or given back its password, role
  /// and access.
  void adopt_legacy_users();
  void ensure_admin(const std::string& email, const std::string& password);

  /// The log position of the last user event this service has read or written.
  std::int64_t position() const { return seen_position_; }

private:
  class advisory_lock;
  pqxx::connection& connection();
  void refresh();
  team_outcome write(const domain::user_decision& decision, const domain::actor_context& ctx);
  /// Under the lock: sets the password and records it, putting the old one back should the
  /// append fail; then ends the user's sessions but `keep_session` (a token hash, "" for none).
  team_outcome replace_password(const std::string& user_id, const std::string& password,
                                const domain::actor_context& ctx, const std::string& keep_session);
  team_outcome decided(const domain::user_decision& decision, const domain::actor_context& ctx);
  void store_credential(const std::string& user_id, const std::string& hash);
  std::optional<std::string> credential(const std::string& user_id);
  void end_sessions(const std::string& user_id, const std::string& keep_session = "");
  domain::actor_context system_context() const;

  std::string database_url_;
  std::shared_ptr<const domain::clock> clock_;
  std::unique_ptr<eventlog::event_store> store_;
  domain::team_state team_;
  std::int64_t seen_position_ = 0;
};

/// A user's stream.
inline std::string user_stream(const std::string& id) { return "user-" + id; }

}  // namespace crm::team
