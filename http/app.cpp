#include "http/app.hpp"

#include <strings.h>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/message_types.hpp"
#include "domain/iso_time.hpp"
#include "http/command_error_text.hpp"

namespace crm::http {

using namespace std::chrono_literals;

int status_of(actors::outcome result) {
  switch (result) {
    case actors::outcome::ok: return 200;
    case actors::outcome::created: return 201;
    case actors::outcome::accepted: return 202;
    case actors::outcome::invalid: return 400;
    case actors::outcome::forbidden: return 403;
    case actors::outcome::not_found: return 404;
    case actors::outcome::conflict: return 409;
    case actors::outcome::upstream_refused: return 502;
    case actors::outcome::unavailable: return 503;
  }
  return 500;
}

std::string session_token(const Pistache::Rest::Request& request) {
  if (auto auth = request.headers().tryGetRaw("Authorization")) {
    const std::string& value = auth->value();
    // The scheme is case-insensitive (RFC 7235): "bearer" was refused.
    if (value.size() > 7 && strncasecmp(value.c_str(), "Bearer ", 7) == 0) return value.substr(7);
  }
  if (request.cookies().has("crm_session")) return request.cookies().get("crm_session").value;
  return {};
}

void with_user(app& a, const Pistache::Rest::Request& request, const responder_ptr& out,
               std::function<void(const user_info&)> handler) {
  auto token = session_token(request);
  if (token.empty()) return out->error(401, "Sign in to continue", "unauthenticated");
  a.auth->authenticate(token, [out, handler](std::optional<user_info> user) {
    if (!user) return out->error(401, "Your session has ended; sign in again", "unauthenticated");
    handler(*user);
  });
}

void with_admin(app& a, const Pistache::Rest::Request& request, const responder_ptr& out,
                std::function<void(const user_info&)> handler) {
  with_user(a, request, out, [out, handler](const user_info& user) {
    if (user.role != "admin") return out->error(403, "Only an administrator may do this", "forbidden");
    handler(user);
  });
}

request_origin origin_of(const app& a, const Pistache::Rest::Request& request) {
  request_origin origin;
  origin.ip = request.address().host();
  if (!a.config.trusted_proxy.empty() && origin.ip == a.config.trusted_proxy) {
    if (auto forwarded = request.headers().tryGetRaw("X-Forwarded-For")) {
      std::string list = forwarded->value();
      auto last = list.substr(list.rfind(',') == std::string::npos ? 0 : list.rfind(',') + 1);
      last.erase(0, last.find_first_not_of(' '));
      last.erase(last.find_last_not_of(' ') + 1);
      if (!last.empty()) origin.ip = last;
    }
  }
  if (auto ua = request.headers().tryGetRaw("User-Agent")) origin.user_agent = ua->value();
  origin.received_at = a.clock->now();
  return origin;
}

domain::actor_context context_of(const request_origin& origin, const user_info& user, const responder& out) {
  domain::actor_context ctx;
  ctx.user_id = user.id;
  ctx.user_email = user.email;
  ctx.ip = origin.ip;
  ctx.user_agent = origin.user_agent;
  ctx.request_id = out.request_id();
  ctx.now = domain::format_iso8601(origin.received_at);
  return ctx;
}

void query(app& a, const responder_ptr& out, std::function<void(pqxx::connection&)> job) {
  a.queries->submit([out, job](pqxx::connection* connection) {
    if (!connection) return out->error(503, "The database is unavailable; try again shortly", "database_unavailable");
    try {
      job(*connection);
    } catch (const pqxx::broken_connection&) {
      out->error(503, "The database is unavailable; try again shortly", "database_unavailable");
      throw;
    } catch (const std::exception& e) {
      spdlog::error("query failed ({}): {}", out->request_id(), e.what());
      out->error(500, "The server failed to read the data", "internal_error");
    }
  });
}

void after_projection(app& a, std::int64_t position, std::function<void()> then) {
  a.watch->when_reached(position, projections::position_watch::clock::now() + 5s,
                        [then](bool, std::int64_t) { then(); });
}

void reply_failure(const responder_ptr& out, const actors::command_reply& reply) {
  out->error(status_of(reply.result), sentence_of(reply), code_of(reply.error), reply.field);
}

}  // namespace crm::http
