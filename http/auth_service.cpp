#include "http/auth_service.hpp"

#include <sodium.h>

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "eventlog/uuid.hpp"

namespace crm::http {
namespace {

constexpr const char* select_user_by_email =
    "SELECT id::text, email, name, role, password_hash FROM users WHERE lower(email) = lower($1)";
constexpr const char* insert_user =
    "INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, $3, 'admin', $4)";
constexpr const char* update_password = "UPDATE users SET password_hash = $2, role = 'admin' WHERE id = $1::uuid";
constexpr const char* delete_user_sessions = "DELETE FROM sessions WHERE user_id = $1::uuid";
constexpr const char* insert_session =
    "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (decode($1, 'hex'), $2::uuid, now() + $3 * interval "
    "'1 hour')";
constexpr const char* select_session =
    "SELECT u.id::text, u.email, u.name, u.role, extract(epoch FROM s.expires_at)::bigint FROM sessions s "
    "JOIN users u ON u.id = s.user_id WHERE s.token_hash = decode($1, 'hex') AND s.expires_at > now() "
    "AND s.last_seen_at > now() - $2 * interval '1 second'";
constexpr const char* touch_session = "UPDATE sessions SET last_seen_at = now() WHERE token_hash = decode($1, 'hex')";

// How stale the stored last use may get: the idle limit is hours, a write per request is
// waste. (A limit shorter than this, as in tests, is kept by the cache, not the database.)
constexpr auto last_seen_resolution = std::chrono::minutes(5);
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

struct sodium_init {
  sodium_init() {
    if (sodium_init_once() < 0) throw std::runtime_error("libsodium failed to initialise");
  }
  static int sodium_init_once() { return ::sodium_init(); }
};

}  // namespace

auth_service::auth_service(projections::db_pool& pool, std::shared_ptr<const domain::clock> clock,
                           std::chrono::hours session_lifetime, std::chrono::seconds idle)
    : pool_(pool), clock_(std::move(clock)), session_lifetime_(session_lifetime), idle_(idle) {
  static sodium_init once;
}

std::string auth_service::hash_password(const std::string& password) {
  static sodium_init once;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool auth_service::verify_password(const std::string& hash, const std::string& password) {
  static sodium_init once;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void auth_service::ensure_admin(pqxx::connection& connection, const std::string& email, const std::string& password) {
  pqxx::work tx(connection);
  auto rows = tx.exec_params(select_user_by_email, email);
  if (rows.empty()) {
    tx.exec_params0(insert_user, eventlog::random_uuid(), email, "Administrator", hash_password(password));
    spdlog::info("created administrator {}", email);
  } else if (!verify_password(rows[0][4].c_str(), password)) {
    tx.exec_params0(update_password, rows[0][0].c_str(), hash_password(password));
    tx.exec_params0(delete_user_sessions, rows[0][0].c_str());
    spdlog::info("reset the password of administrator {} and ended its sessions", email);
  }
  tx.commit();
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
    static const std::string decoy_hash = hash_password("no account has this password");
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
    remember(hash, {user, now + session_lifetime_, now, now});
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
      s.last_seen = now;
      bool store = now - s.last_seen_stored > last_seen_resolution;
      if (store) s.last_seen_stored = now;
      auto user = s.user;
      lock.unlock();
      if (store) store_last_seen(hash);
      return done(user);
    }
  }
  pool_.submit([this, hash, done](pqxx::connection* connection) {
    if (!connection) return done(std::nullopt);
    std::optional<user_info> user;
    try {
      pqxx::work tx(*connection);
      auto rows = tx.exec_params(select_session, hash, static_cast<long long>(idle_.count()));
      if (!rows.empty()) {
        user = user_info{rows[0][0].c_str(), rows[0][1].c_str(), rows[0][2].c_str(), rows[0][3].c_str()};
        auto expires = std::chrono::system_clock::from_time_t(rows[0][4].as<std::int64_t>());
        tx.exec_params0(touch_session, hash);
        auto now = clock_->now();
        remember(hash, {*user, expires, now, now});
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

void auth_service::logout_everywhere(const std::string& user_id, std::function<void(bool)> done) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (it->second.user.id == user_id) it = sessions_.erase(it);
      else ++it;
    }
  }
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
