// Sign-in (api.md, "Auth"): POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me.

#include <rapidjson/document.h>

#include "http/app.hpp"

namespace crm::http {
namespace {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
namespace Routes = Pistache::Rest::Routes;

std::string user_json(const user_info& user) {
  return "{\"_id\":" + json_quote(user.id) + ",\"email\":" + json_quote(user.email) + ",\"name\":" + json_quote(user.name) +
         ",\"role\":" + json_quote(user.role) + "}";
}

void login(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  if (body_too_large(request, out)) return;
  rapidjson::Document body;
  body.Parse(request.body().c_str(), request.body().size());
  if (body.HasParseError() || !body.IsObject())
    return out->error(400, "The request body must be a JSON object", "invalid_json");
  for (const char* field : {"email", "password"})
    if (!body.HasMember(field) || !body[field].IsString() || body[field].GetStringLength() == 0)
      return out->error(400, std::string(field) + " is required", "missing_field", field);
  auto lifetime_seconds = std::chrono::duration_cast<std::chrono::seconds>(a.auth->session_lifetime()).count();
  a.auth->login(
      body["email"].GetString(), body["password"].GetString(),
      [out, lifetime_seconds](std::optional<user_info> user, std::string token) {
        if (!user) return out->error(401, "Invalid email or password", "invalid_credentials");
        out->add_header("Set-Cookie", "crm_session=" + token + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                                          std::to_string(lifetime_seconds));
        out->json(200, "{\"success\":true,\"token\":" + json_quote(token) + ",\"user\":" + user_json(*user) + "}");
      },
      [out] { out->error(503, "The database is unavailable; try again shortly", "database_unavailable"); });
}

void logout(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  auto token = session_token(request);
  auto finish = [out] {
    out->add_header("Set-Cookie", "crm_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    out->json(200, "{\"success\":true,\"message\":\"Signed out\"}");
  };
  if (token.empty()) return finish();
  a.auth->logout(token, finish);
}

void me(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [out](const user_info& user) { out->json(200, "{\"success\":true,\"user\":" + user_json(user) + "}"); });
}

}  // namespace

void add_auth_routes(Pistache::Rest::Router& router, app& a) {
  Routes::Post(router, "/api/auth/login", route_to(a, login));
  Routes::Post(router, "/api/auth/logout", route_to(a, logout));
  Routes::Get(router, "/api/auth/me", route_to(a, me));
}

}  // namespace crm::http
