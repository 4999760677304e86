#pragma once
// What route handlers share: configuration, the actors, the read side and auth. Handlers only
// translate: request -> command or query -> reply (style.md, item 3).

#include <functional>
#include <string>

#include <caf/all.hpp>
#include <pistache/http.h>
#include <pistache/router.h>

#include "actors/command_reply.hpp"
#include "domain/clock.hpp"
#include "http/auth_service.hpp"
#include "http/command_bridge.hpp"
#include "http/json_depth.hpp"
#include "http/request_admission.hpp"
#include "http/responder.hpp"
#include "http/server_config.hpp"
#include "http/text_inputs.hpp"
#include "projections/db_pool.hpp"
#include "projections/position_watch.hpp"
#include "twilio/signature.hpp"

namespace crm::http {

class team_worker;

struct app {
  server_config config;
  /// crmd's one clock (domain/clock.hpp): the time every request's context carries.
  std::shared_ptr<const domain::clock> clock = std::make_shared<domain::system_clock>();
  command_bridges* commands = nullptr;  ///< the way to the entity actors
  projections::position_watch* watch = nullptr;
  projections::db_pool* queries = nullptr;
  auth_service* auth = nullptr;
  team_worker* team = nullptr;  ///< users: who may sign in, with which role (team_worker.hpp)
  /// Twilio's auth token's check of webhook signatures; null when Twilio is not configured, and
  /// then sending and history sync answer 503 twilio_not_configured.
  std::shared_ptr<const twilio::signature_validator> webhook_signatures;
  bool twilio_configured() const { return static_cast<bool>(webhook_signatures); }
};

/// Largest request body accepted: the connection guard refuses a larger Content-Length with 413
/// before the body is read (http_server.cpp), so no handler sees one.
inline constexpr size_t max_body_bytes = 1024 * 1024;

/// HTTP status for an actor outcome: the one table mapping domain results to statuses.
int status_of(actors::outcome result);

/// Runs `handler` with the signed-in user, or answers 401.
void with_user(app& a, const Pistache::Rest::Request& request, const responder_ptr& out,
               std::function<void(const user_info&)> handler);

/// Runs `handler` with the signed-in user when it is an administrator; 403 forbidden otherwise.
void with_admin(app& a, const Pistache::Rest::Request& request, const responder_ptr& out,
                std::function<void(const user_info&)> handler);

/// The session token of a request (Bearer header or crm_session cookie), empty when none.
std::string session_token(const Pistache::Rest::Request& request);

/// Where and when a request came from, copied out of it so that handlers finishing later need
/// not touch the request (Pistache frees it when the handler returns).
struct request_origin {
  std::string ip;
  std::string user_agent;
  domain::instant received_at;  ///< by the app's clock, as the handler took the request
};
/// The client's address is the peer's, or, when the peer is CRM_TRUSTED_PROXY (a TLS proxy in
/// front), the last address that proxy added to X-Forwarded-For: earlier ones are the client's
/// own claim and prove nothing.
request_origin origin_of(const app& a, const Pistache::Rest::Request& request);

/// Who is acting, from where, when: the context commands and consent evidence carry.
domain::actor_context context_of(const request_origin& origin, const user_info& user, const responder& out);

/// Sends a thread or contact command (actors/thread_commands.hpp, contact_commands.hpp) to the
/// directory; `on_reply` runs on a CAF thread.
template <class Command>
void ask(app& a, Command command, std::function<void(const actors::command_reply&)> on_reply) {
  a.commands->ask(std::move(command), std::move(on_reply));
}

/// Runs a read-model query on the query pool; answers 503 when the database is unreachable
/// and 500 when the query throws.
void query(app& a, const responder_ptr& out, std::function<void(pqxx::connection&)> job);

/// Waits (bounded) until the read models include `position`, then runs `then`.
void after_projection(app& a, std::int64_t position, std::function<void()> then);

/// Answers a failed command with its status, message, code and field.
void reply_failure(const responder_ptr& out, const actors::command_reply& reply);

/// What a route's body is: JSON (the API) or Twilio's signed form (webhooks, no cookie).
enum class body_format { json, twilio_form };

/// Adapts `handler(app&, request, writer)` to a Pistache route. Before any handler sees it, a
/// cookie-authenticated change from another site is answered 403 and a JSON route's body of
/// another type 415 (request_admission.hpp); a request whose text cannot be stored
/// (text_inputs.hpp) or whose JSON nests too deep to parse safely (json_depth.hpp) 400.
template <class Handler>
auto route_to(app& a, Handler handler, body_format format = body_format::json) {
  return [&a, handler, format](const Pistache::Rest::Request& r, Pistache::Http::ResponseWriter w) {
    auto refusal = refuse_cross_site(r, a.config.public_base_url);
    if (!refusal && format == body_format::json) refusal = refuse_non_json(r);
    if (refusal) respond_to(r, std::move(w))->error(refusal->status, refusal->message, refusal->code);
    else if (auto problem = unreadable_text(r)) respond_to(r, std::move(w))->error(400, *problem, "invalid_text");
    else if (looks_like_json(r.body()) && json_depth(r.body()) > max_json_depth)
      respond_to(r, std::move(w))
          ->error(400, "The JSON body nests objects and arrays more than 64 levels deep", "invalid_json");
    else handler(a, r, std::move(w));
    return Pistache::Rest::Route::Result::Ok;
  };
}

/// Registration of each area's routes.
void add_auth_routes(Pistache::Rest::Router& router, app& a);
void add_contact_routes(Pistache::Rest::Router& router, app& a);
void add_ops_routes(Pistache::Rest::Router& router, app& a);
void add_sms_routes(Pistache::Rest::Router& router, app& a);
void add_conversation_routes(Pistache::Rest::Router& router, app& a);
void add_webhook_routes(Pistache::Rest::Router& router, app& a);
void add_user_routes(Pistache::Rest::Router& router, app& a);

}  // namespace crm::http
