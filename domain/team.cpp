#include "domain/team.hpp"

#include <algorithm>
#include <cctype>

namespace crm::domain {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string trimmed(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string actor_of(const actor_context& ctx) { return ctx.user_id.empty() ? "system" : ctx.user_id; }

bool valid_role(const std::string& role) { return role == role_admin || role == role_agent; }

user_decision refused(user_refusal why, std::string field) {
  user_decision d;
  d.refusal = why;
  d.field = std::move(field);
  return d;
}

constexpr std::size_t max_name_bytes = 100;

}  // namespace

const user_record* team_state::by_email(const std::string& email) const {
  auto wanted = lower(email);
  for (auto& [id, user] : users)
    if (lower(user.email) == wanted) return &user;
  return nullptr;
}

const user_record* team_state::by_id(const std::string& id) const {
  auto it = users.find(lower(id));
  return it == users.end() ? nullptr : &it->second;
}

int team_state::active_admins() const {
  return static_cast<int>(std::count_if(
      users.begin(), users.end(), [](auto& entry) { return entry.second.active && entry.second.role == role_admin; }));
}

void evolve(team_state& team, const user_event& event, std::int64_t version) {
  std::visit(overloaded{
                 [&](const events::user_created& e) {
                   auto& user = team.users[lower(e.user_id)];
                   user = user_record{lower(e.user_id), e.email, e.name, e.role, e.at, true, version};
                 },
                 [&](const events::user_renamed& e) { team.users[lower(e.user_id)].name = e.name; },
                 [&](const events::user_role_changed& e) { team.users[lower(e.user_id)].role = e.role; },
                 [&](const events::user_password_changed&) {},
                 [&](const events::user_deactivated& e) { team.users[lower(e.user_id)].active = false; },
                 [&](const events::user_reactivated& e) { team.users[lower(e.user_id)].active = true; },
             },
             event);
  auto id = std::visit([](const auto& e) { return lower(e.user_id); }, event);
  team.users[id].version = version;
}

std::optional<std::string> normalized_email(const std::string& email) {
  auto text = trimmed(email);
  auto at = text.find('@');
  if (text.empty() || text.size() > 254 || at == std::string::npos || at == 0 || at + 1 == text.size() ||
      text.find('@', at + 1) != std::string::npos)
    return std::nullopt;
  for (unsigned char c : text)
    if (std::isspace(c) || c < 0x20) return std::nullopt;
  return text;
}

user_decision decide_create_user(const team_state& team, const new_user& user, const actor_context& ctx) {
  auto email = normalized_email(user.email);
  if (!email) return refused(user_refusal::invalid_email, "email");
  auto name = trimmed(user.name);
  if (name.empty() || name.size() > max_name_bytes) return refused(user_refusal::invalid_name, "name");
  if (!valid_role(user.role)) return refused(user_refusal::invalid_role, "role");
  if (team.by_email(*email)) return refused(user_refusal::email_taken, "email");
  user_decision d;
  d.user_id = lower(user.id);
  d.events.push_back(events::user_created{d.user_id, *email, name, user.role, actor_of(ctx), ctx.now});
  return d;
}

user_decision decide_change_user(const team_state& team, const user_change& change, const actor_context& ctx) {
  auto* user = team.by_id(change.id);
  if (!user) return refused(user_refusal::not_found, "_id");
  user_decision d;
  d.user_id = user->id;
  auto by = actor_of(ctx);
  if (change.name) {
    auto name = trimmed(*change.name);
    if (name.empty() || name.size() > max_name_bytes) return refused(user_refusal::invalid_name, "name");
    if (name != user->name) d.events.push_back(events::user_renamed{user->id, name, by, ctx.now});
  }
  bool admin_after = user->role == role_admin;
  if (change.role) {
    if (!valid_role(*change.role)) return refused(user_refusal::invalid_role, "role");
    if (*change.role != user->role) d.events.push_back(events::user_role_changed{user->id, *change.role, by, ctx.now});
    admin_after = *change.role == role_admin;
  }
  bool active_after = change.active.value_or(user->active);
  if (active_after != user->active) {
    if (active_after) d.events.push_back(events::user_reactivated{user->id, by, ctx.now});
    else d.events.push_back(events::user_deactivated{user->id, by, ctx.now});
  }
  // The team must keep an administrator who can sign in, or nobody could manage it again.
  bool admin_before = user->active && user->role == role_admin;
  if (admin_before && !(active_after && admin_after) && team.active_admins() <= 1)
    return refused(user_refusal::last_admin, change.active && !*change.active ? "active" : "role");
  return d;
}

user_decision decide_password_change(const team_state& team, const std::string& user_id, const actor_context& ctx) {
  auto* user = team.by_id(user_id);
  if (!user) return refused(user_refusal::not_found, "_id");
  user_decision d;
  d.user_id = user->id;
  d.events.push_back(events::user_password_changed{user->id, actor_of(ctx), ctx.now});
  return d;
}

}  // namespace crm::domain
