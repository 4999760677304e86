#pragma once
// Users, passwords (Argon2id, libsodium) and sessions (256-bit random tokens, only their
// SHA-256 stored). Sessions are cached in memory so that checking one on every API request
// costs no database round trip; a miss (say, after a restart) goes to the query pool. A
// session ends at its absolute expiry or after `idle` without use; its last use is written to
// the database at most every few minutes. Passwords are verified on password_checker's own
// threads, never while holding a database connection.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <pqxx/pqxx>

#include "domain/clock.hpp"
#include "http/password_checker.hpp"
#include "projections/db_pool.hpp"

namespace crm::http {

/// A signed-in user as the API shows it.
struct user_info {
  std::string id;
  std::string email;
  std::string name;
  std::string role;
};

class auth_service {
public:
  /// Sessions last `session_lifetime` and end after `idle` unused, both measured in memory on
  /// `clock` (the database checks a session it has to look up against its own time).
  auth_service(projections::db_pool& pool, std::shared_ptr<const domain::clock> clock,
               std::chrono::hours session_lifetime, std::chrono::seconds idle);

  enum class login_failure { wrong_credentials, busy, unavailable };

  /// Signs in: `done(user, token)` on success; `failed(why)` on wrong credentials, when too
  /// many verifications wait already (busy), or when the database cannot be reached.
  void login(const std::string& email, const std::string& password,
             std::function<void(user_info, std::string token)> done, std::function<void(login_failure)> failed);

  /// The user of a session token, or nullopt (unknown, expired, or the database is down).
  void authenticate(const std::string& token, std::function<void(std::optional<user_info>)> done);

  /// Ends a session.
  void logout(const std::string& token, std::function<void()> done);
  /// Ends every session of a user (`done(false)` when the database could not be reached).
  void logout_everywhere(const std::string& user_id, std::function<void(bool)> done);

  /// Drops what this instance remembers of a user's sessions, so that its next request reads the
  /// user anew (after a change of its name, role or access).
  void forget_user(const std::string& user_id);

  /// The SHA-256 (hex) a session's token is stored under.
  static std::string session_key(const std::string& token);

  std::chrono::hours session_lifetime() const { return session_lifetime_; }

private:
  struct session {
    user_info user;
    domain::instant expires;
    domain::instant last_seen;
    domain::instant last_seen_stored;
    domain::instant checked;  ///< when the database last confirmed it
  };
  /// Reads a session from the database; `known` is what the cache held when it is a recheck.
  void lookup_session(const std::string& hash, std::function<void(std::optional<user_info>)> done,
                      std::optional<session> known = std::nullopt);
  void remember(const std::string& token_hash, const session& s);
  void create_session(const user_info& user, std::function<void(user_info, std::string)> done,
                      std::function<void(login_failure)> failed);
  void store_last_seen(const std::string& token_hash);

  projections::db_pool& pool_;
  std::shared_ptr<const domain::clock> clock_;
  password_checker passwords_{2, 32};
  std::chrono::hours session_lifetime_;
  std::chrono::seconds idle_;
  std::mutex mutex_;
  std::unordered_map<std::string, session> sessions_;  // by token hash (binary)
};

}  // namespace crm::http
