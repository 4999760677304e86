#include "projections/users_projection.hpp"

#include "domain/user_events.hpp"

namespace crm::projections {
namespace {

constexpr const char* upsert_user =
    "INSERT INTO users (id, email, name, role, active, created_at) VALUES ($1::uuid, $2, $3, $4, true, "
    "COALESCE(NULLIF($5, '')::timestamptz, now())) "
    "ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, role = EXCLUDED.role, active = true";
constexpr const char* rename_user = "UPDATE users SET name = $2 WHERE id = $1::uuid";
constexpr const char* change_role = "UPDATE users SET role = $2 WHERE id = $1::uuid";
constexpr const char* set_active = "UPDATE users SET active = $2 WHERE id = $1::uuid";

}  // namespace

void users_projection::apply_batch(pqxx::work& tx, const eventlog::event_list& events) {
  for (auto& e : events) {
    if (e.stream_id.rfind("user-", 0) != 0) continue;
    auto event = domain::decode_user_event(e.type, e.data, e.position);
    if (!event) continue;
    std::visit(domain::overloaded{
                   [&](const domain::events::user_created& u) {
                     tx.exec_params0(upsert_user, u.user_id, u.email, u.name, u.role, u.at);
                   },
                   [&](const domain::events::user_renamed& u) { tx.exec_params0(rename_user, u.user_id, u.name); },
                   [&](const domain::events::user_role_changed& u) { tx.exec_params0(change_role, u.user_id, u.role); },
                   [&](const domain::events::user_password_changed&) {},
                   [&](const domain::events::user_deactivated& u) { tx.exec_params0(set_active, u.user_id, false); },
                   [&](const domain::events::user_reactivated& u) { tx.exec_params0(set_active, u.user_id, true); },
               },
               *event);
  }
}

}  // namespace crm::projections
