// Sign-in (api.md, "Auth"): POST /api/auth/login, POST /api/auth/logout,
// POST /api/auth/logout-all, GET /api/auth/me.

#include <rapidjson/document.h>

#include "http/app.hpp"
#include "http/login_throttle.hpp"
#include "http/security_headers.hpp"

namespace crm::http {
namespace {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
namespace Routes = Pistache::Rest::Routes;

std::string user_json(const user_info& user) {
  return "{\"_id\":" + json_quote(user.id) + ",\"email\":" + json_quote(user.email) +
         ",\"name\":" + json_quote(user.name) + ",\"role\":" + json_quote(user.role) + "}";
}

// The session cookie: never readable by scripts, never sent by other sites' requests, and
// over https only when the server is reached over https.
std::string session_cookie(const std::string& value, long long max_age_seconds) {
  return "crm_session=" + value + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
         (served_as_https() ? "; Secure" : "");
}

void login(app& a, login_throttle& throttle, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  rapidjson::Document body;
  body.Parse(request.body().c_str(), request.body().size());
  if (body.HasParseError() || !body.IsObject())
    return out->error(400, "The request body must be a JSON object", "invalid_json");
  for (const char* field : {"email", "password"})
    if (!body.HasMember(field) || !body[field].IsString() || body[field].GetStringLength() == 0)
      return out->error(400, std::string(field) + " is required", "missing_field", field);
  std::string email = body["email"].GetString();
  auto address = origin_of(a, request).ip;
  if (auto wait = throttle.wait_before_try(email, address, login_throttle::clock::now()); wait.count() > 0) {
    return out->send(429,
                     "{\"success\":false,\"error\":" +
                         json_quote("Too many wrong passwords: try again in " + std::to_string(wait.count()) + " s") +
                         ",\"code\":\"too_many_attempts\",\"retryAfter\":" + std::to_string(wait.count()) + "}",
                     "application/json; charset=utf-8", {{"Retry-After", std::to_string(wait.count())}});
  }
  auto lifetime_seconds = std::chrono::duration_cast<std::chrono::seconds>(a.auth->session_lifetime()).count();
  a.auth->login(
      email, body["password"].GetString(),
      [out, lifetime_seconds, &throttle, email, address](user_info user, std::string token) {
        throttle.succeeded(email, address);
        out->add_header("Set-Cookie", session_cookie(token, lifetime_seconds));
        out->json(200, "{\"success\":true,\"token\":" + json_quote(token) + ",\"user\":" + user_json(user) + "}");
      },
      [out, &throttle, email, address](auth_service::login_failure why) {
        switch (why) {
          case auth_service::login_failure::wrong_credentials:
            throttle.failed(email, address, login_throttle::clock::now());
            return out->error(401, "Invalid email or password", "invalid_credentials");
          case auth_service::login_failure::busy:
            return out->send(503,
                             "{\"success\":false,\"error\":\"Too many sign-ins at once; try again in a moment\","
                             "\"code\":\"sign_in_busy\"}",
                             "application/json; charset=utf-8", {{"Retry-After", "1"}});
          case auth_service::login_failure::unavailable:
            return out->error(503, "The database is unavailable; try again shortly", "database_unavailable");
        }
      });
}

void logout(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  auto token = session_token(request);
  auto finish = [out] {
    out->add_header("Set-Cookie", session_cookie("", 0));
    out->json(200, "{\"success\":true,\"message\":\"Signed out\"}");
  };
  if (token.empty()) return finish();
  a.auth->logout(token, finish);
}

// Ends every session of the signed-in user, this one included (a lost laptop, a shared password).
void logout_all(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out](const user_info& user) {
    a.auth->logout_everywhere(user.id, [out](bool ended) {
      if (!ended) return out->error(503, "The database is unavailable; try again shortly", "database_unavailable");
      out->add_header("Set-Cookie", session_cookie("", 0));
      out->json(200, "{\"success\":true,\"message\":\"Signed out everywhere\"}");
    });
  });
}

void me(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out,
            [out](const user_info& user) { out->json(200, "{\"success\":true,\"user\":" + user_json(user) + "}"); });
}

}  // namespace

void add_auth_routes(Pistache::Rest::Router& router, app& a) {
  // One throttle for the server's life; routes hold it by reference.
  static login_throttle throttle;
  Routes::Post(router, "/api/auth/login",
               route_to(a, [](app& a, const Request& r, ResponseWriter w) { login(a, throttle, r, std::move(w)); }));
  Routes::Post(router, "/api/auth/logout", route_to(a, logout));
  Routes::Post(router, "/api/auth/logout-all", route_to(a, logout_all));
  Routes::Get(router, "/api/auth/me", route_to(a, me));
}

}  // namespace crm::http
