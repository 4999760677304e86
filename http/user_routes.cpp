// Users API (api.md, "Users"): GET/POST/PUT /api/crm/users and POST /api/auth/password. Changes
// go to the team service on its own thread (team_worker.hpp); a reply waits until the users read
// model shows the change, so the next sign-in or list sees it.

#include <rapidjson/document.h>

#include "domain/iso_time.hpp"
#include "eventlog/uuid.hpp"
#include "http/app.hpp"
#include "http/team_worker.hpp"
#include "queries/users_list.hpp"

namespace crm::http {
namespace {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
namespace Routes = Pistache::Rest::Routes;
using team::team_outcome;

std::string user_json(const domain::user_record& user) {
  return "{\"_id\":" + json_quote(user.id) + ",\"email\":" + json_quote(user.email) +
         ",\"name\":" + json_quote(user.name) + ",\"role\":" + json_quote(user.role) +
         ",\"active\":" + (user.active ? "true" : "false") + ",\"createdAt\":" + json_quote(user.created_at) + "}";
}

void refuse(const responder_ptr& out, const team_outcome& outcome) {
  using status = team_outcome::status;
  switch (outcome.result) {
    case status::ok: break;
    case status::weak_password: return out->error(400, outcome.message, "weak_password", outcome.field);
    case status::wrong_password:
      return out->error(400, "The current password is not right", "wrong_password", outcome.field);
    case status::unavailable:
      return out->error(503, "The database is unavailable; try again shortly", "database_unavailable");
    case status::refused:
      switch (*outcome.refusal) {
        case domain::user_refusal::invalid_email:
          return out->error(400, "email must be an email address", "invalid_email", "email");
        case domain::user_refusal::invalid_name:
          return out->error(400, "name must be 1 to 100 characters", "invalid_name", "name");
        case domain::user_refusal::invalid_role:
          return out->error(400, "role must be admin or agent", "invalid_role", "role");
        case domain::user_refusal::email_taken:
          return out->error(409, "A user with this email exists already", "email_taken", "email");
        case domain::user_refusal::not_found: return out->error(404, "User not found", "user_not_found", "_id");
        case domain::user_refusal::last_admin:
          return out->error(409, "The team needs an active administrator: make another user an administrator first",
                            "last_admin", outcome.field);
      }
  }
}

// Answers a change once the read model shows it; sessions of the user forget what they knew.
void answer(app& a, const responder_ptr& out, const team_outcome& outcome, int status) {
  if (!outcome.ok()) return refuse(out, outcome);
  a.auth->forget_user(outcome.user.id);
  auto body = "{\"success\":true,\"user\":" + user_json(outcome.user) + "}";
  if (outcome.position == 0) return out->json(status, body);
  after_projection(a, outcome.position, [out, status, body] { out->json(status, body); });
}

// A JSON object body's members, read in order; the first problem is answered and ends the
// reading (`failed()`), so a request gets one error, the first it has.
class body_reader {
public:
  body_reader(const Request& request, responder_ptr out) : out_(std::move(out)) {
    body_.Parse(request.body().c_str(), request.body().size());
    if (body_.HasParseError() || !body_.IsObject())
      fail(400, "The request body must be a JSON object", "invalid_json", "");
  }
  bool failed() const { return failed_; }

  std::optional<std::string> text(const char* field) {
    auto* value = member(field);
    if (!value) return std::nullopt;
    if (!value->IsString())
      return fail(400, std::string(field) + " must be a string", "invalid_field", field), std::nullopt;
    return std::string(value->GetString(), value->GetStringLength());
  }
  std::string required_text(const char* field) {
    auto value = text(field);
    if (!value && !failed_) fail(400, std::string(field) + " is required", "missing_field", field);
    return value.value_or("");
  }
  std::optional<bool> flag(const char* field) {
    auto* value = member(field);
    if (!value) return std::nullopt;
    if (!value->IsBool())
      return fail(400, std::string(field) + " must be true or false", "invalid_field", field), std::nullopt;
    return value->GetBool();
  }

private:
  const rapidjson::Value* member(const char* field) const {
    if (failed_) return nullptr;
    auto it = body_.FindMember(field);
    return it == body_.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
  }
  void fail(int status, const std::string& message, const char* code, const char* field) {
    failed_ = true;
    out_->error(status, message, code, field);
  }

  rapidjson::Document body_;
  responder_ptr out_;
  bool failed_ = false;
};

void list_users(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out](const user_info&) {
    query(a, out,
          [out](pqxx::connection& c) { out->json(200, "{\"success\":true," + queries::users_members(c) + "}"); });
  });
}

void create_user(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  body_reader body(request, out);
  auto email = body.required_text("email");
  auto name = body.required_text("name");
  auto role = body.text("role");
  auto password = body.required_text("password");
  if (body.failed()) return;
  domain::new_user user{eventlog::random_uuid(), email, name, role.value_or(domain::role_agent)};
  auto origin = origin_of(a, request);
  with_admin(a, request, out, [&a, out, origin, user, password](const user_info& admin) {
    auto ctx = context_of(origin, admin, *out);
    a.team->submit([&a, out, ctx, user, password](team::team_service& team) {
      answer(a, out, team.create_user(user, password, ctx), 201);
    });
  });
}

void change_user(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  body_reader body(request, out);
  domain::user_change change;
  change.id = body.required_text("_id");
  change.name = body.text("name");
  change.role = body.text("role");
  auto password = body.text("password");
  change.active = body.flag("active");
  if (body.failed()) return;
  if (!eventlog::is_uuid(change.id)) return out->error(404, "User not found", "user_not_found", "_id");
  auto origin = origin_of(a, request);
  with_admin(a, request, out, [&a, out, origin, change, password](const user_info& admin) {
    auto ctx = context_of(origin, admin, *out);
    a.team->submit([&a, out, ctx, change, password](team::team_service& team) {
      // A reset ends the user's sessions; it is the administrator's, not the user's, act.
      auto outcome = team.change_user(change, ctx, password);
      answer(a, out, outcome, 200);
    });
  });
}

void change_own_password(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  body_reader body(request, out);
  auto current = body.required_text("currentPassword");
  auto next = body.required_text("newPassword");
  if (body.failed()) return;
  auto origin = origin_of(a, request);
  auto keep = auth_service::session_key(session_token(request));
  with_user(a, request, out, [&a, out, origin, keep, current, next](const user_info& user) {
    auto ctx = context_of(origin, user, *out);
    a.team->submit([&a, out, ctx, keep, user, current, next](team::team_service& team) {
      auto outcome = team.change_own_password(user.id, current, next, ctx, keep);
      if (!outcome.ok()) return refuse(out, outcome);
      a.auth->forget_user(user.id);  // the other sessions ended in the database; this one reads anew
      out->json(200, "{\"success\":true,\"message\":\"Password changed; your other sessions have ended\"}");
    });
  });
}

}  // namespace

void add_user_routes(Pistache::Rest::Router& router, app& a) {
  Routes::Get(router, "/api/crm/users", route_to(a, list_users));
  Routes::Post(router, "/api/crm/users", route_to(a, create_user));
  Routes::Put(router, "/api/crm/users", route_to(a, change_user));
  Routes::Post(router, "/api/auth/password", route_to(a, change_own_password));
}

}  // namespace crm::http
