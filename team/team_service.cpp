#include "team/team_service.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "domain/iso_time.hpp"
#include "domain/password_policy.hpp"
#include "eventlog/decided_events.hpp"
#include "eventlog/log_reader.hpp"
#include "eventlog/uuid.hpp"
#include "team/password_hash.hpp"

namespace crm::team {
namespace {

// Any number of crmd instances and crmctl serialise their user changes on this lock.
constexpr long long team_lock_key = 0x7465616d;  // "team"

constexpr const char* upsert_credential =
    "INSERT INTO user_credentials (user_id, password_hash) VALUES ($1::uuid, $2) "
    "ON CONFLICT (user_id) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = now()";
constexpr const char* select_credential = "SELECT password_hash FROM user_credentials WHERE user_id = $1::uuid";
constexpr const char* delete_sessions =
    "DELETE FROM sessions WHERE user_id = $1::uuid AND token_hash <> decode($2, 'hex')";
constexpr const char* select_legacy_users =
    "SELECT u.id::text, u.email, u.name, u.role, "
    "to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM users u "
    "WHERE NOT EXISTS (SELECT 1 FROM streams s WHERE s.stream_id = 'user-' || u.id::text) ORDER BY u.created_at";

team_outcome unavailable(const std::string& detail) {
  team_outcome out;
  out.result = team_outcome::status::unavailable;
  out.message = detail;
  return out;
}

team_outcome refused_by(const domain::user_decision& decision) {
  team_outcome out;
  out.result = team_outcome::status::refused;
  out.refusal = decision.refusal;
  out.field = decision.field;
  return out;
}

std::optional<team_outcome> weak(const std::string& password) {
  auto why = domain::password_refusal(password);
  if (!why) return std::nullopt;
  team_outcome out;
  out.result = team_outcome::status::weak_password;
  out.message = *why;
  out.field = "password";
  return out;
}

}  // namespace

// Held for one change; PostgreSQL releases it too should the connection drop.
class team_service::advisory_lock {
public:
  explicit advisory_lock(pqxx::connection& c) : connection_(c) {
    pqxx::nontransaction(connection_).exec_params("SELECT pg_advisory_lock($1)", team_lock_key);
  }
  ~advisory_lock() {
    try {
      pqxx::nontransaction(connection_).exec_params("SELECT pg_advisory_unlock($1)", team_lock_key);
    } catch (const std::exception& e) {
      spdlog::warn("releasing the team lock failed (the connection's end releases it): {}", e.what());
    }
  }
  advisory_lock(const advisory_lock&) = delete;
  advisory_lock& operator=(const advisory_lock&) = delete;

private:
  pqxx::connection& connection_;
};

team_service::team_service(std::string database_url, std::shared_ptr<const domain::clock> clock)
    : database_url_(std::move(database_url)), clock_(std::move(clock)) {}

pqxx::connection& team_service::connection() {
  if (!store_) store_ = std::make_unique<eventlog::event_store>(database_url_);
  try {
    return store_->connection();
  } catch (...) {
    store_.reset();  // the next call connects anew
    throw;
  }
}

domain::actor_context team_service::system_context() const {
  domain::actor_context ctx;
  ctx.now = domain::format_iso8601(clock_->now());
  return ctx;
}

void team_service::refresh() {
  for (;;) {
    pqxx::read_transaction tx(connection());
    auto events = eventlog::events_after_in_streams(tx, seen_position_, 1000, "user-");
    for (auto& e : events) {
      if (auto event = domain::decode_user_event(e.type, e.data, e.position)) domain::evolve(team_, *event, e.version);
      seen_position_ = e.position;
    }
    if (events.size() < 1000) return;
  }
}

team_outcome team_service::write(const domain::user_decision& decision, const domain::actor_context& ctx) {
  team_outcome out;
  if (!decision.events.empty()) {
    auto* user = team_.by_id(decision.user_id);
    eventlog::append_request request;
    eventlog::add_stream(request, user_stream(decision.user_id), user ? user->version : eventlog::expected::no_stream,
                         domain::encode_all(decision.events), ctx);
    auto result = store_->append(request);
    // Under the team lock nobody else writes user streams: a conflict means the log holds what
    // this process has not read, which the next change reads first.
    if (result.status != eventlog::append_status::ok) {
      seen_position_ = 0;
      team_ = {};
      return unavailable(result.message.empty() ? "the log refused the change" : result.message);
    }
    auto version = result.new_versions.at(0) - static_cast<std::int64_t>(decision.events.size());
    for (auto& e : decision.events) domain::evolve(team_, e, ++version);
    out.position = result.last_position;
    seen_position_ = std::max(seen_position_, result.last_position);
  }
  if (auto* user = team_.by_id(decision.user_id)) out.user = *user;
  return out;
}

team_outcome team_service::decided(const domain::user_decision& decision, const domain::actor_context& ctx) {
  if (decision.refusal) return refused_by(decision);
  return write(decision, ctx);
}

void team_service::store_credential(const std::string& user_id, const std::string& hash) {
  pqxx::work tx(connection());
  tx.exec_params0(upsert_credential, user_id, hash);
  tx.commit();
}

std::optional<std::string> team_service::credential(const std::string& user_id) {
  pqxx::read_transaction tx(connection());
  auto rows = tx.exec_params(select_credential, user_id);
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<std::string>();
}

void team_service::end_sessions(const std::string& user_id, const std::string& keep_session) {
  pqxx::work tx(connection());
  tx.exec_params0(delete_sessions, user_id, keep_session);
  tx.commit();
}

team_outcome team_service::create_user(const domain::new_user& user, const std::string& password,
                                       const domain::actor_context& ctx) {
  if (auto refusal = weak(password)) return *refusal;
  try {
    advisory_lock lock(connection());
    refresh();
    auto decision = domain::decide_create_user(team_, user, ctx);
    if (decision.refusal) return refused_by(decision);
    // The credential first: should the append fail, an unused credential is left, never a user
    // without one.
    store_credential(decision.user_id, hash_password(password));
    return write(decision, ctx);
  } catch (const std::exception& e) {
    return unavailable(e.what());
  }
}

team_outcome team_service::change_user(const domain::user_change& change, const domain::actor_context& ctx,
                                       const std::optional<std::string>& new_password) {
  // Checked before anything is written: a refused password leaves the name and role as they were.
  if (new_password)
    if (auto refusal = weak(*new_password)) return *refusal;
  try {
    advisory_lock lock(connection());
    refresh();
    auto out = decided(domain::decide_change_user(team_, change, ctx), ctx);
    if (!out.ok()) return out;
    if (!out.user.active) end_sessions(out.user.id);
    if (!new_password) return out;
    auto reset = replace_password(out.user.id, *new_password, ctx, "");
    if (!reset.ok()) return reset;
    reset.position = std::max(out.position, reset.position);
    return reset;
  } catch (const std::exception& e) {
    return unavailable(e.what());
  }
}

team_outcome team_service::set_password(const std::string& user_id, const std::string& password,
                                        const domain::actor_context& ctx) {
  if (auto refusal = weak(password)) return *refusal;
  try {
    advisory_lock lock(connection());
    refresh();
    return replace_password(user_id, password, ctx, "");
  } catch (const std::exception& e) {
    return unavailable(e.what());
  }
}

team_outcome team_service::replace_password(const std::string& user_id, const std::string& password,
                                            const domain::actor_context& ctx, const std::string& keep_session) {
  auto decision = domain::decide_password_change(team_, user_id, ctx);
  if (decision.refusal) return refused_by(decision);
  auto before = credential(decision.user_id);
  store_credential(decision.user_id, hash_password(password));
  auto out = write(decision, ctx);
  // The event is what says the password changed: without it, the old one stands.
  if (!out.ok() && before) store_credential(decision.user_id, *before);
  if (out.ok()) end_sessions(decision.user_id, keep_session);
  return out;
}

team_outcome team_service::change_own_password(const std::string& user_id, const std::string& current,
                                               const std::string& next, const domain::actor_context& ctx,
                                               const std::string& keep_session) {
  if (auto refusal = weak(next)) {
    refusal->field = "newPassword";
    return *refusal;
  }
  try {
    advisory_lock lock(connection());
    refresh();
    auto before = credential(user_id);
    if (!before || !verify_password(*before, current)) {
      team_outcome out;
      out.result = team_outcome::status::wrong_password;
      out.field = "currentPassword";
      return out;
    }
    return replace_password(user_id, next, ctx, keep_session);
  } catch (const std::exception& e) {
    return unavailable(e.what());
  }
}

std::vector<domain::user_record> team_service::users() {
  refresh();
  std::vector<domain::user_record> out;
  for (auto& [id, user] : team_.users) out.push_back(user);
  return out;
}

std::optional<domain::user_record> team_service::user_with_email(const std::string& email) {
  refresh();
  if (auto* user = team_.by_email(email)) return *user;
  return std::nullopt;
}

void team_service::adopt_legacy_users() {
  advisory_lock lock(connection());
  refresh();
  pqxx::result legacy;
  {
    pqxx::read_transaction tx(connection());
    legacy = tx.exec(select_legacy_users);
  }
  for (const auto& row : legacy) {
    domain::actor_context ctx = system_context();
    domain::user_decision decision;
    decision.user_id = row[0].as<std::string>();
    decision.events.push_back(domain::events::user_created{decision.user_id, row[1].as<std::string>(),
                                                           row[2].as<std::string>(), row[3].as<std::string>(), "system",
                                                           row[4].as<std::string>()});
    auto out = write(decision, ctx);
    if (!out.ok()) throw std::runtime_error("recording user " + row[1].as<std::string>() + " failed: " + out.message);
    spdlog::info("recorded user {} in the log", row[1].as<std::string>());
  }
}

void team_service::ensure_admin(const std::string& email, const std::string& password) {
  auto ctx = system_context();
  auto check = [](const team_outcome& out, const char* what) {
    if (!out.ok())
      throw std::runtime_error(std::string(what) +
                               " failed: " + (out.message.empty() ? "refused (field " + out.field + ")" : out.message));
  };
  refresh();
  const auto* existing = team_.by_email(email);
  if (!existing) {
    // The environment's password is the operator's choice, so the policy for new passwords does
    // not apply to it: a start-up must not fail on it.
    advisory_lock lock(connection());
    auto decision = domain::decide_create_user(team_, {eventlog::random_uuid(), email, "Administrator", "admin"}, ctx);
    if (decision.refusal) throw std::runtime_error("CRM_ADMIN_EMAIL is not a usable email");
    store_credential(decision.user_id, hash_password(password));
    check(write(decision, ctx), "creating the administrator");
    spdlog::info("created administrator {}", email);
    return;
  }
  auto user = *existing;
  if (user.role != domain::role_admin || !user.active)
    check(change_user({user.id, std::nullopt, std::string(domain::role_admin), true}, ctx),
          "restoring the administrator");
  auto stored = credential(user.id);
  if (!stored || !verify_password(*stored, password)) {
    advisory_lock lock(connection());
    refresh();
    check(replace_password(user.id, password, ctx, ""), "resetting the administrator's password");
    spdlog::info("reset the password of administrator {} and ended its sessions", email);
  }
}

}  // namespace crm::team
