// crmctl users: the operator's way to the team, writing the log as the API does (one advisory
// lock with crmd's own changes, team/team_service.hpp). Passwords are read from standard input,
// never from the command line, where `ps` and shell history would show them.
//
//   crmctl users list
//   crmctl users add <email> <name> [--role admin|agent]   (password on stdin)
//   crmctl users deactivate|reactivate <email>
//   crmctl users reset-password <email>                     (password on stdin)
//
// Exit status: 0 done, 1 refused (the reason is printed), 2 usage or database error.

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "domain/clock.hpp"
#include "domain/iso_time.hpp"
#include "eventlog/uuid.hpp"
#include "team/team_service.hpp"
#include "tools/crmctl/command_registry.hpp"
#include "tools/crmctl/database_url.hpp"

namespace crm::cli {
namespace {

constexpr const char* usage =
    "users list | add <email> <name> [--role admin|agent] | deactivate <email> | reactivate <email> | "
    "reset-password <email>   (passwords are read from stdin)";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "users: %s\nusage: crmctl %s\n", message.c_str(), usage);
  return 2;
}

std::string refusal_text(const team::team_outcome& out) {
  using status = team::team_outcome::status;
  if (out.result == status::weak_password) return out.message;
  if (out.result == status::unavailable) return "the database failed: " + out.message;
  if (!out.refusal) return "refused";
  switch (*out.refusal) {
    case domain::user_refusal::invalid_email: return "that is not an email address";
    case domain::user_refusal::invalid_name: return "the name must be 1 to 100 characters";
    case domain::user_refusal::invalid_role: return "the role must be admin or agent";
    case domain::user_refusal::email_taken: return "a user with this email exists already";
    case domain::user_refusal::not_found: return "no such user";
    case domain::user_refusal::last_admin: return "the team needs an active administrator: make another one first";
  }
  return "refused";
}

int report(const team::team_outcome& out, const char* done) {
  if (out.ok()) {
    std::printf("%s %s (%s, %s)\n", done, out.user.email.c_str(), out.user.id.c_str(), out.user.role.c_str());
    return 0;
  }
  std::fprintf(stderr, "users: %s\n", refusal_text(out).c_str());
  return out.result == team::team_outcome::status::unavailable ? 2 : 1;
}

std::string password_from_stdin() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

domain::actor_context operator_context(const domain::clock& clock) {
  domain::actor_context ctx;  // no user id: the events say "system", the operator at the console
  ctx.now = domain::format_iso8601(clock.now());
  return ctx;
}

int list(team::team_service& team) {
  std::printf("%-36s  %-30s  %-24s  %-5s  %s\n", "id", "email", "name", "role", "active");
  for (auto& user : team.users())
    std::printf("%-36s  %-30s  %-24s  %-5s  %s\n", user.id.c_str(), user.email.c_str(), user.name.c_str(),
                user.role.c_str(), user.active ? "yes" : "no");
  return 0;
}

int run(const std::vector<std::string>& args) {
  if (args.empty()) return usage_error("say what to do");
  if (args[0] == "--help" || args[0] == "-h") {
    std::printf("usage: crmctl %s\n", usage);
    return 0;
  }
  auto clock = std::make_shared<domain::system_clock>();
  try {
    team::team_service team(database_url(), clock);
    auto ctx = operator_context(*clock);
    const auto& what = args[0];
    if (what == "list") return args.size() == 1 ? list(team) : usage_error("list takes no arguments");
    if (what == "add") {
      if (args.size() != 3 && !(args.size() == 5 && args[3] == "--role"))
        return usage_error("add <email> <name> [--role admin|agent]");
      std::string role = args.size() == 5 ? args[4] : domain::role_agent;
      auto password = password_from_stdin();
      return report(team.create_user({eventlog::random_uuid(), args[1], args[2], role}, password, ctx), "added");
    }
    if (what == "deactivate" || what == "reactivate" || what == "reset-password") {
      if (args.size() != 2) return usage_error(what + " <email>");
      auto user = team.user_with_email(args[1]);
      if (!user) {
        std::fprintf(stderr, "users: no user has the email %s\n", args[1].c_str());
        return 1;
      }
      if (what == "reset-password")
        return report(team.set_password(user->id, password_from_stdin(), ctx), "new password for");
      domain::user_change change;
      change.id = user->id;
      change.active = what == "reactivate";
      return report(team.change_user(change, ctx), what == "reactivate" ? "reactivated" : "deactivated");
    }
    return usage_error("unknown action " + what);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "users: %s\n", e.what());
    return 2;
  }
}

[[maybe_unused]] const bool registered = register_command("users", usage, run);

}  // namespace
}  // namespace crm::cli
