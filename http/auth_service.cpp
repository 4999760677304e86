#include "http/auth_service.hpp"

#include <sodium.h>

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "team/password_hash.hpp"

namespace crm::http {
namespace {

// The users table is the users projection's (team/team_service.hpp writes the log); a
// deactivated user has no sign-in and no session.
constexpr const char* select_user_by_email =
    "SELECT u.id::text, u.email, u.name, u.role, c.password_hash FROM users u "
    "JOIN user_credentials c ON c.user_id = u.id WHERE lower(u.email) = lower($1) AND u.active";
constexpr const char* delete_user_sessions = "DELETE FROM sessions WHERE user_id = $1::uuid";
constexpr const char* insert_session =
    "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (decode($1, 'hex'), $2::uuid, now() + $3 * interval "
    "'1 hour')";
constexpr const char* select_session =
    "SELECT u.id::text, u.email, u.name, u.role, extract(epoch FROM s.expires_at)::bigint FROM sessions s "
    "JOIN users u ON u.id = s.user_id AND u.active WHERE s.token_hash = decode($1, 'hex') AND s.expires_at > now() "
    "AND s.last_seen_at > now() - $2 * interval '1 second'";
constexpr const char* touch_session = "UPDATE sessions SET last_seen_at = now() WHERE token_hash = decode($1, 'hex')";

// How stale the stored last use may get: the idle limit is hours, a write per request is
// waste. (A limit shorter than this, as in tests, is kept by the cache, not the database.)
constexpr auto last_seen_resolution = std::chrono::minutes(5);

// How long a cached session is trusted before the database is asked again: what bounds the
// time a change made elsewhere (crmctl, another instance: a deactivation, a new role) takes to
// reach this one. Changes through this instance's API take effect at once (forget_user).
constexpr auto recheck_after = std::chrono::seconds(5);
constexpr const char* delete_session = "DELETE FROM sessions WHERE token_hash = decode($1, 'hex')";

std::string to_hex(const unsigned char* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

std::string token_hash_hex(const std::string& token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return to_hex(digest, sizeof digest);
}

std::string new_token() {
  unsigned char bytes[32];  // 256 random bits
  randombytes_buf(bytes, sizeof bytes);
  return to_hex(bytes, sizeof bytes);
}

}  // namespace

auth_service::auth_service(projections::db_pool& pool, std::shared_ptr<const domain::clock> clock,
                           std::chrono::hours session_lifetime, std::chrono::seconds idle)
    : pool_(pool), clock_(std::move(clock)), session_lifetime_(session_lifetime), idle_(idle) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

void auth_service::remember(const std::string& token_hash, const session& s) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_[token_hash] = s;
}

void auth_service::login(const std::string& email, const std::string& password,
                         std::function<void(user_info, std::string)> done, std::function<void(login_failure)> failed) {
  pool_.submit([this, email, password, done, failed](pqxx::connection* connection) {
    if (!connection) return failed(login_failure::unavailable);
    std::optional<user_info> user;
    std::string hash;
    try {
      pqxx::read_transaction tx(*connection);
      auto rows = tx.exec_params(select_user_by_email, email);
      if (!rows.empty()) {
        user = user_info{rows[0][0].c_str(), rows[0][1].c_str(), rows[0][2].c_str(), rows[0][3].c_str()};
        hash = rows[0][4].c_str();
      }
    } catch (const std::exception& e) {
      spdlog::error("sign-in failed: {}", e.what());
      return failed(login_failure::unavailable);
    }
    // An unknown email costs the same Argon2id verification as a wrong password, so the
    // answer's time does not tell which emails have accounts (1-8 ms against 200-360 ms).
    static const std::string decoy_hash = team::hash_password("no account has this password");
    bool queued = passwords_.check(user ? hash : decoy_hash, password, [this, user, done, failed](bool matches) {
      if (!matches || !user) return failed(login_failure::wrong_credentials);
      create_session(*user, done, failed);
    });
    if (!queued) failed(login_failure::busy);
  });
}

void auth_service::create_session(const user_info& user, std::function<void(user_info, std::string)> done,
                                  std::function<void(login_failure)> failed) {
  pool_.submit([this, user, done, failed](pqxx::connection* connection) {
    if (!connection) return failed(login_failure::unavailable);
    auto token = new_token();
    auto hash = token_hash_hex(token);
    try {
      pqxx::work tx(*connection);
      tx.exec_params0(insert_session, hash, user.id, static_cast<int>(session_lifetime_.count()));
      tx.commit();
    } catch (const std::exception& e) {
      spdlog::error("sign-in failed: {}", e.what());
      return failed(login_failure::unavailable);
    }
    auto now = clock_->now();
    remember(hash, {user, now + session_lifetime_, now, now, now});
    done(user, token);
  });
}

void auth_service::authenticate(const std::string& token, std::function<void(std::optional<user_info>)> done) {
  if (token.size() != 64) return done(std::nullopt);
  auto hash = token_hash_hex(token);
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (auto it = sessions_.find(hash); it != sessions_.end()) {
      auto now = clock_->now();
      auto& s = it->second;
      if (s.expires <= now || now - s.last_seen > idle_) {
        sessions_.erase(it);
        lock.unlock();
        return done(std::nullopt);
      }
      if (now - s.checked > recheck_after) {
        // Asked of the database, which knows of changes made elsewhere. The cache has kept the
        // idle limit (finer than the database's record of last use), so the recheck does not.
        auto known = s;
        sessions_.erase(it);
        lock.unlock();
        return lookup_session(hash, done, known);
      }
      s.last_seen = now;
      bool store = now - s.last_seen_stored > last_seen_resolution;
      if (store) s.last_seen_stored = now;
      auto user = s.user;
      lock.unlock();
      if (store) store_last_seen(hash);
      return done(user);
    }
  }
  lookup_session(hash, done);
}

void auth_service::lookup_session(const std::string& hash, std::function<void(std::optional<user_info>)> done,
                                  std::optional<session> known) {
  pool_.submit([this, hash, done, known](pqxx::connection* connection) {
    if (!connection) return done(std::nullopt);
    std::optional<user_info> user;
    try {
      pqxx::work tx(*connection);
      auto idle_seconds = known ? std::chrono::duration_cast<std::chrono::seconds>(session_lifetime_).count()
                                : static_cast<long long>(idle_.count());
      auto rows = tx.exec_params(select_session, hash, static_cast<long long>(idle_seconds));
      if (!rows.empty()) {
        user = user_info{rows[0][0].c_str(), rows[0][1].c_str(), rows[0][2].c_str(), rows[0][3].c_str()};
        auto expires = std::chrono::system_clock::from_time_t(rows[0][4].as<std::int64_t>());
        auto now = clock_->now();
        if (known) {
          remember(hash, {*user, expires, now, known->last_seen_stored, now});
        } else {
          tx.exec_params0(touch_session, hash);
          remember(hash, {*user, expires, now, now, now});
        }
      }
      tx.commit();
    } catch (const std::exception& e) {
      spdlog::error("session lookup failed: {}", e.what());
    }
    done(user);
  });
}

void auth_service::store_last_seen(const std::string& token_hash) {
  pool_.submit([token_hash](pqxx::connection* connection) {
    if (!connection) return;  // the next use tries again; the cache holds the truth meanwhile
    try {
      pqxx::work tx(*connection);
      tx.exec_params0(touch_session, token_hash);
      tx.commit();
    } catch (const std::exception& e) {
      spdlog::warn("recording a session's last use failed: {}", e.what());
    }
  });
}

void auth_service::logout(const std::string& token, std::function<void()> done) {
  auto hash = token_hash_hex(token);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sessions_.erase(hash);
  }
  pool_.submit([hash, done](pqxx::connection* connection) {
    try {
      if (connection) {
        pqxx::work tx(*connection);
        tx.exec_params0(delete_session, hash);
        tx.commit();
      }
    } catch (const std::exception& e) {
      spdlog::error("sign-out failed: {}", e.what());
    }
    done();
  });
}

void auth_service::forget_user(const std::string& user_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second.user.id == user_id) it = sessions_.erase(it);
    else ++it;
  }
}

std::string auth_service::session_key(const std::string& token) { return token_hash_hex(token); }

void auth_service::logout_everywhere(const std::string& user_id, std::function<void(bool)> done) {
  forget_user(user_id);
  pool_.submit([user_id, done](pqxx::connection* connection) {
    if (!connection) return done(false);
    try {
      pqxx::work tx(*connection);
      tx.exec_params0(delete_user_sessions, user_id);
      tx.commit();
    } catch (const std::exception& e) {
      spdlog::error("ending a user's sessions failed: {}", e.what());
      return done(false);
    }
    done(true);
  });
}

}  // namespace crm::http
