// Conversations API (api.md, "Conversations"): the thread list, read marks, history sync,
// opt-in requests, consent history and the live-update long poll.

#include <limits>

#include <caf/all.hpp>
#include <rapidjson/document.h>

#include "actors/message_types.hpp"
#include "domain/consent_texts.hpp"
#include "domain/phone_number.hpp"
#include "domain/possible_opt_out_resolution.hpp"
#include "eventlog/uuid.hpp"
#include "http/app.hpp"
#include "http/changes_feed.hpp"
#include "http/query_params.hpp"
#include "queries/consent_history.hpp"
#include "queries/contact.hpp"
#include "queries/contact_state.hpp"
#include "queries/conversations_list.hpp"
#include "queries/message.hpp"

namespace crm::http {
namespace {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
namespace Routes = Pistache::Rest::Routes;
using namespace std::chrono_literals;

/// The E.164 number named by a JSON body's `phoneNumber`; answers 400 itself when unusable.
std::optional<std::string> body_phone(app& a, const std::string& body, const responder_ptr& out) {
  auto text = json_string_member(body, "phoneNumber");
  if (text.empty()) {
    out->error(400, "phoneNumber is required", "missing_field", "phoneNumber");
    return std::nullopt;
  }
  auto phone = domain::parse_phone_number(text, a.config.default_region);
  if (!phone) {
    out->error(400, domain::invalid_phone_message, "invalid_phone", "phoneNumber");
    return std::nullopt;
  }
  return phone->e164;
}

void list_conversations(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, params = query_params(request)](const user_info&) {
    auto limit = params.integer("limit", 50, 1, 500);
    auto skip = params.integer("skip", 0, 0, 1000000000);
    if (!limit || !skip) return out->error(400, "limit must be 1 to 500 and skip at least 0", "invalid_query");
    query(a, out, [out, search = params.text("search"), limit = *limit, skip = *skip](pqxx::connection& c) {
      out->json(200, "{\"success\":true," + queries::list_conversations_members(c, search, limit, skip) + "}");
    });
  });
}

void mark_read(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, origin = origin_of(a, request), body = request.body()](const user_info& user) {
    auto phone = body_phone(a, body, out);
    if (!phone) return;
    actors::mark_read cmd;
    cmd.phone = *phone;
    cmd.ctx = context_of(origin, user, *out);
    ask(a, std::move(cmd), [&a, out](const actors::command_reply& reply) {
      if (reply.result != actors::outcome::ok) return reply_failure(out, reply);
      after_projection(a, reply.position, [out] { out->json(200, "{\"success\":true,\"unreadCount\":0}"); });
    });
  });
}

// An agent's answer to a text that read as a request to stop texting: revoke or keep (why).
void resolve_possible_opt_out(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, origin = origin_of(a, request), body = request.body()](const user_info& user) {
    auto phone = body_phone(a, body, out);
    if (!phone) return;
    rapidjson::Document d;
    d.Parse(body.c_str(), body.size());
    auto resolution_field = d.FindMember("resolution");
    auto resolution = resolution_field != d.MemberEnd() && resolution_field->value.IsString()
                          ? domain::parse_possible_opt_out_resolution(resolution_field->value.GetString())
                          : std::nullopt;
    if (!resolution) return out->error(400, "resolution must be \"revoke\" or \"keep\"", "invalid_field", "resolution");
    std::string reason;
    if (auto it = d.FindMember("reason"); it != d.MemberEnd() && !it->value.IsNull()) {
      if (!it->value.IsString()) return out->error(400, "reason must be text", "invalid_field", "reason");
      reason = it->value.GetString();
      if (reason.size() > 1000) return out->error(400, "reason must be at most 1,000 bytes", "too_long", "reason");
    }
    actors::resolve_possible_opt_out cmd;
    cmd.phone = *phone;
    cmd.resolution = *resolution;
    cmd.reason = std::move(reason);
    cmd.ctx = context_of(origin, user, *out);
    ask(a, std::move(cmd), [&a, out](const actors::command_reply& reply) {
      if (reply.result != actors::outcome::ok) return reply_failure(out, reply);
      after_projection(a, reply.position, [out] { out->json(200, "{\"success\":true}"); });
    });
  });
}

void sync(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, origin = origin_of(a, request), body = request.body()](const user_info& user) {
    auto phone = body_phone(a, body, out);
    if (!phone) return;
    rapidjson::Document d;
    d.Parse(body.c_str(), body.size());
    int limit = 100;
    if (d.IsObject() && d.HasMember("limit")) {
      if (!d["limit"].IsInt() || d["limit"].GetInt() < 1 || d["limit"].GetInt() > 100)
        return out->error(400, "limit must be a whole number from 1 to 100", "invalid_field", "limit");
      limit = d["limit"].GetInt();
    }
    if (!a.twilio_configured())
      return out->error(503, "Twilio not configured. Missing environment variables.", "twilio_not_configured");
    actors::sync_history cmd;
    cmd.phone = *phone;
    cmd.limit = limit;
    cmd.ctx = context_of(origin, user, *out);
    ask(a, std::move(cmd), [&a, out](const actors::command_reply& reply) {
      if (reply.result != actors::outcome::ok) return reply_failure(out, reply);
      after_projection(a, reply.position,
                       [out, counts = reply.body] { out->json(200, "{\"success\":true," + counts.substr(1)); });
    });
  });
}

void opt_in_request(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, origin = origin_of(a, request), body = request.body()](const user_info& user) {
    if (!a.twilio_configured())
      return out->error(503, "Twilio not configured. Missing environment variables.", "twilio_not_configured");
    auto ctx = context_of(origin, user, *out);
    auto start = [&a, out, ctx](const std::string& phone) {
      actors::send_text cmd;
      cmd.phone = phone;
      cmd.ctx = ctx;
      auto body = domain::opt_in_request_text(a.config.agent_name);
      cmd.outbound = {eventlog::random_uuid(),
                      phone,
                      a.config.twilio_phone_number,
                      body,
                      {},
                      domain::send_purpose::opt_in_request,
                      "",
                      ctx.user_id};
      auto id = cmd.outbound.message_id;
      // Quiet hours depend on where the contact lives, which only the read model knows.
      query(a, out, [&a, out, cmd = std::move(cmd), id, phone](pqxx::connection& c) mutable {
        cmd.address_state = queries::contact_state_of(c, phone);
        ask(a, std::move(cmd), [&a, out, id](const actors::command_reply& reply) {
          if (reply.result != actors::outcome::ok && reply.result != actors::outcome::accepted)
            return reply_failure(out, reply);
          after_projection(a, reply.position, [&a, out, id, sid = reply.body] {
            query(a, out, [out, id, sid](pqxx::connection& c) {
              out->json(200, "{\"success\":true,\"message\":" + queries::find_message(c, id).value_or("null") +
                                 ",\"twilioMessageSid\":" + (sid.empty() ? "null" : json_quote(sid)) + "}");
            });
          });
        });
      });
    };
    auto contact_id = json_string_member(body, "contactId");
    if (contact_id.empty()) {
      auto phone = body_phone(a, body, out);
      if (phone) start(*phone);
      return;
    }
    if (!eventlog::is_uuid(contact_id)) return out->error(404, "Contact not found", "not_found");
    // Both given: they must name one number (the contact's was used silently before).
    auto given = json_string_member(body, "phoneNumber");
    auto given_phone = given.empty() ? std::nullopt : domain::parse_phone_number(given, a.config.default_region);
    query(a, out, [out, contact_id, start, given, given_phone](pqxx::connection& c) {
      auto contact = queries::find_contact(c, contact_id);
      if (!contact) return out->error(404, "Contact not found", "not_found");
      auto phone = json_string_member(*contact, "phone");
      if (!given.empty() && (!given_phone || given_phone->e164 != phone))
        return out->error(400, "phoneNumber is not the number of the contact contactId names (" + phone + ")",
                          "invalid_field", "phoneNumber");
      start(phone);
    });
  });
}

void consent(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  auto text = request.param(":phone").as<std::string>();
  with_user(a, request, out, [&a, out, text](const user_info&) {
    auto decoded = twilio::form_decode(text).value_or(text);
    auto phone = domain::parse_phone_number(decoded, a.config.default_region);
    if (!phone) return out->error(400, domain::invalid_phone_message, "invalid_phone", "phone");
    query(a, out, [out, e164 = phone->e164](pqxx::connection& c) {
      out->json(200, "{\"success\":true," + queries::consent_history_members(c, e164) + "}");
    });
  });
}

// Waiting costs a callback in the position watch: no reactor thread, no database connection;
// the answer comes from the feed, which reads once for all requests woken at one position.
void updates(app& a, const std::shared_ptr<changes_feed>& feed, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, feed, out, params = query_params(request)](const user_info&) {
    auto after_text = params.text("after");
    long long after = 0;
    if (!after_text.empty()) {
      char* end = nullptr;
      after = std::strtoll(after_text.c_str(), &end, 10);
      // LLONG_MAX is also what strtoll answers for anything larger; the watch waits for after + 1.
      if (*end || after < 0 || after == std::numeric_limits<long long>::max())
        return out->error(400, "after must be a log position (a whole number)", "invalid_query", "after");
    }
    auto timeout = params.integer("timeout", 25, 0, 60);
    if (!timeout) return out->error(400, "timeout must be 0 to 60 seconds", "invalid_query", "timeout");
    auto deadline = projections::position_watch::clock::now() + std::chrono::seconds(*timeout);
    a.watch->when_reached(after + 1, deadline, [feed, out, after](bool, std::int64_t) { feed->answer(after, out); });
  });
}

}  // namespace

void add_conversation_routes(Pistache::Rest::Router& router, app& a) {
  Routes::Get(router, "/api/crm/sms/conversations", route_to(a, list_conversations));
  Routes::Post(router, "/api/crm/sms/conversations/read", route_to(a, mark_read));
  Routes::Post(router, "/api/crm/sms/sync", route_to(a, sync));
  Routes::Post(router, "/api/crm/sms/possible-opt-out/resolve", route_to(a, resolve_possible_opt_out));
  Routes::Post(router, "/api/crm/sms/opt-in-request", route_to(a, opt_in_request));
  Routes::Get(router, "/api/crm/consent/:phone", route_to(a, consent));
  auto feed = std::make_shared<changes_feed>(a);
  Routes::Get(router, "/api/crm/updates", [&a, feed](const Request& r, ResponseWriter w) {
    updates(a, feed, r, std::move(w));
    return Pistache::Rest::Route::Result::Ok;
  });
}

}  // namespace crm::http
