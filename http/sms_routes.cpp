// Messaging API (api.md, "Messages"): send, bulk, status, history and the segment counter.

#include <atomic>
#include <mutex>
#include <set>

#include <caf/all.hpp>
#include <rapidjson/document.h>

#include "actors/message_types.hpp"
#include "domain/phone_number.hpp"
#include "domain/segment_report.hpp"
#include "eventlog/uuid.hpp"
#include "http/app.hpp"
#include "http/command_error_text.hpp"
#include "http/query_params.hpp"
#include "queries/contact_state.hpp"
#include "queries/message.hpp"
#include "queries/messages_list.hpp"
#include "queries/thread_of_sid.hpp"
#include "twilio/create_rules.hpp"

namespace crm::http {
namespace {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
namespace Routes = Pistache::Rest::Routes;
using namespace std::chrono_literals;

/// The 400 for a body Twilio would refuse (21617) after we had recorded the send.
bool body_too_long(const std::string& body, const responder_ptr& out) {
  auto characters = twilio::body_characters(body);
  if (characters <= twilio::max_body_characters) return false;
  out->error(400, "The message is too long: at most 1,600 characters (it has " + std::to_string(characters) + ")",
             "too_long", "body");
  return true;
}

void segments(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [out, body = request.body()](const user_info&) {
    rapidjson::Document d;
    d.Parse(body.c_str(), body.size());
    if (d.HasParseError() || !d.IsObject())
      return out->error(400, "The request body must be a JSON object", "invalid_json");
    if (!d.HasMember("body") || !d["body"].IsString())
      return out->error(400, "body is required and must be a string", "missing_field", "body");
    auto report = domain::report_segments(std::string_view(d["body"].GetString(), d["body"].GetStringLength()));
    auto& c = report.count;
    auto& s = report.smart_encoded;
    out->json(200, std::string("{\"success\":true,\"encoding\":\"") + domain::encoding_name(c.encoding) +
                       "\",\"segments\":" + std::to_string(c.segments) + ",\"characters\":" +
                       std::to_string(c.characters) + ",\"unitsPerSegment\":" + std::to_string(c.units_per_segment) +
                       ",\"remainingInSegment\":" + std::to_string(c.remaining_in_segment) +
                       ",\"smartEncoded\":{\"body\":" + json_quote(s.body) + ",\"encoding\":\"" +
                       domain::encoding_name(s.encoding) + "\",\"segments\":" + std::to_string(s.segments) + "}}");
  });
}

/// A send as the thread actor takes it; nullopt (and a 400 sent) when the input is unusable.
std::optional<actors::send_text> send_command(app& a, const responder_ptr& out, const std::string& to_text,
                                              const std::string& body, std::vector<std::string> media,
                                              domain::send_purpose purpose, const domain::actor_context& ctx) {
  auto to = domain::parse_phone_number(to_text, a.config.default_region);
  if (!to) {
    out->error(400, domain::invalid_phone_message, "invalid_phone", "to");
    return std::nullopt;
  }
  if (body.empty() && media.empty()) {
    out->error(400, "body is required", "missing_field", "body");
    return std::nullopt;
  }
  if (body_too_long(body, out)) return std::nullopt;
  if (media.size() > 10) {
    out->error(400, "At most 10 media URLs per message", "too_many", "mediaUrls");
    return std::nullopt;
  }
  actors::send_text cmd;
  cmd.phone = to->e164;
  cmd.ctx = ctx;
  cmd.outbound.message_id = eventlog::random_uuid();
  cmd.outbound.to = to->e164;
  cmd.outbound.from = a.config.twilio_phone_number;
  cmd.outbound.body = body;
  cmd.outbound.media_urls = std::move(media);
  cmd.outbound.purpose = purpose;
  cmd.outbound.sent_by = ctx.user_id;
  return cmd;
}

/// Answers a finished send: the message as the read model has it, with Twilio's sid.
void answer_send(app& a, const responder_ptr& out, const actors::command_reply& reply, const std::string& message_id) {
  if (reply.result == actors::outcome::upstream_refused) {
    std::string body = "{\"success\":false,\"error\":" + json_quote(sentence_of(reply)) + ",\"code\":\"twilio_error\"";
    if (reply.twilio_code) body += ",\"twilioCode\":" + std::to_string(*reply.twilio_code);
    return out->json(502, body + "}");
  }
  if (reply.result != actors::outcome::ok && reply.result != actors::outcome::accepted)
    return reply_failure(out, reply);
  auto status = reply.result == actors::outcome::accepted ? 202 : 200;
  after_projection(a, reply.position, [&a, out, message_id, status, sid = reply.body] {
    query(a, out, [out, message_id, status, sid](pqxx::connection& c) {
      auto message = queries::find_message(c, message_id);
      out->json(status, "{\"success\":true,\"message\":" + message.value_or("null") +
                            ",\"twilioMessageSid\":" + (sid.empty() ? "null" : json_quote(sid)) + "}");
    });
  });
}

std::vector<std::string> string_array(const rapidjson::Value& d, const char* name) {
  std::vector<std::string> out;
  auto it = d.FindMember(name);
  if (it != d.MemberEnd() && it->value.IsArray())
    for (auto& v : it->value.GetArray())
      if (v.IsString()) out.emplace_back(v.GetString());
  return out;
}

/// The send's media: absent, or a list of http(s) URLs Twilio can fetch. Anything else was
/// dropped without a word before, and the text went out without its pictures.
std::optional<std::vector<std::string>> media_urls(const rapidjson::Value& d, const responder_ptr& out) {
  auto it = d.FindMember("mediaUrls");
  if (it == d.MemberEnd() || it->value.IsNull()) return std::vector<std::string>{};
  bool valid = it->value.IsArray();
  if (valid)
    for (auto& v : it->value.GetArray()) valid = valid && v.IsString() && twilio::is_http_url(v.GetString());
  if (!valid) {
    out->error(400, "mediaUrls must be a list of http:// or https:// URLs", "invalid_field", "mediaUrls");
    return std::nullopt;
  }
  return string_array(d, "mediaUrls");
}

void send(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, origin = origin_of(a, request), body = request.body()](const user_info& user) {
    rapidjson::Document d;
    d.Parse(body.c_str(), body.size());
    if (d.HasParseError() || !d.IsObject())
      return out->error(400, "The request body must be a JSON object", "invalid_json");
    if (!d.HasMember("to") || !d["to"].IsString()) return out->error(400, "to is required", "missing_field", "to");
    std::string text = d.HasMember("body") && d["body"].IsString() ? d["body"].GetString() : "";
    auto media = media_urls(d, out);
    if (!media) return;
    // The message's contact, a column of type uuid in the read model: a contactId that is no
    // uuid once stopped the projector for good.
    std::string contact_id;
    if (auto it = d.FindMember("contactId"); it != d.MemberEnd() && !it->value.IsNull()) {
      if (!it->value.IsString() || !eventlog::is_uuid(it->value.GetString()))
        return out->error(400, "contactId is not a contact id", "invalid_field", "contactId");
      contact_id = it->value.GetString();
    }
    bool confirmed_possible_opt_out = false;
    if (auto it = d.FindMember("confirmPossibleOptOut"); it != d.MemberEnd()) {
      if (!it->value.IsBool())
        return out->error(400, "confirmPossibleOptOut must be true or false", "invalid_field", "confirmPossibleOptOut");
      confirmed_possible_opt_out = it->value.GetBool();
    }
    if (!a.twilio_configured())
      return out->error(503, "Twilio not configured. Missing environment variables.", "twilio_not_configured");
    auto cmd = send_command(a, out, d["to"].GetString(), text, std::move(*media), domain::send_purpose::conversational,
                            context_of(origin, user, *out));
    if (!cmd) return;
    cmd->outbound.contact_id = contact_id;
    cmd->outbound.confirmed_possible_opt_out = confirmed_possible_opt_out;
    auto id = cmd->outbound.message_id;
    auto phone = cmd->phone;
    // Quiet hours depend on where the contact lives, which only the read model knows.
    query(a, out, [&a, out, cmd = std::move(*cmd), id, phone](pqxx::connection& c) mutable {
      cmd.address_state = queries::contact_state_of(c, phone);
      ask(a, std::move(cmd), [&a, out, id](const actors::command_reply& reply) { answer_send(a, out, reply, id); });
    });
  });
}

void bulk(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, origin = origin_of(a, request), body = request.body()](const user_info& user) {
    rapidjson::Document d;
    d.Parse(body.c_str(), body.size());
    if (d.HasParseError() || !d.IsObject())
      return out->error(400, "The request body must be a JSON object", "invalid_json");
    auto recipients = string_array(d, "recipients");
    auto listed = d.FindMember("recipients");
    bool only_strings = listed != d.MemberEnd() && listed->value.IsArray() && listed->value.Size() == recipients.size();
    if (recipients.empty() || !only_strings)
      return out->error(400, "recipients must be a non-empty list of phone numbers", "missing_field", "recipients");
    if (recipients.size() > 1000)
      return out->error(400, "At most 1,000 recipients per request", "too_many", "recipients");
    if (!d.HasMember("body") || !d["body"].IsString() || !*d["body"].GetString())
      return out->error(400, "body is required", "missing_field", "body");
    if (body_too_long(d["body"].GetString(), out)) return;
    if (!a.twilio_configured())
      return out->error(503, "Twilio not configured. Missing environment variables.", "twilio_not_configured");
    struct gathered {
      std::mutex mutex;
      std::vector<std::string> results;
      std::atomic<size_t> remaining;
    };
    auto all = std::make_shared<gathered>();
    all->results.resize(recipients.size());
    all->remaining = recipients.size();
    auto ctx = context_of(origin, user, *out);
    auto finish_one = [out, all](size_t i, std::string result) {
      {
        std::lock_guard<std::mutex> lock(all->mutex);
        all->results[i] = std::move(result);
      }
      if (--all->remaining > 0) return;
      std::string body = "{\"success\":true,\"results\":[";
      for (size_t k = 0; k < all->results.size(); ++k) body += (k ? "," : "") + all->results[k];
      out->json(200, body + "]}");
    };
    std::string text = d["body"].GetString();
    std::set<std::string> numbers_seen;  // one text per number, however the list spells it
    for (size_t i = 0; i < recipients.size(); ++i) {
      auto to = recipients[i];
      auto phone = domain::parse_phone_number(to, a.config.default_region);
      if (!phone) {
        finish_one(i, "{\"to\":" + json_quote(to) + ",\"success\":false,\"error\":" +
                          json_quote(domain::invalid_phone_message) + ",\"code\":\"invalid_phone\"}");
        continue;
      }
      if (!numbers_seen.insert(phone->e164).second) {
        finish_one(i, "{\"to\":" + json_quote(to) + ",\"success\":false,\"error\":" +
                          json_quote("Already in this list as " + phone->e164 + "; texted once") +
                          ",\"code\":\"duplicate_recipient\"}");
        continue;
      }
      actors::send_text cmd;
      cmd.phone = phone->e164;
      cmd.ctx = ctx;
      cmd.outbound = {eventlog::random_uuid(),
                      phone->e164,
                      a.config.twilio_phone_number,
                      text,
                      {},
                      domain::send_purpose::bulk,
                      "",
                      ctx.user_id};
      // Each recipient is checked and recorded on its own; one refusal stops nothing else.
      ask(a, std::move(cmd), [finish_one, i, to](const actors::command_reply& reply) {
        bool ok = reply.result == actors::outcome::ok || reply.result == actors::outcome::accepted;
        std::string r = "{\"to\":" + json_quote(to) + ",\"success\":" + (ok ? "true" : "false");
        if (!reply.body.empty()) r += ",\"twilioMessageSid\":" + json_quote(reply.body);
        if (!ok) r += ",\"error\":" + json_quote(sentence_of(reply)) + ",\"code\":" + json_quote(code_of(reply.error));
        finish_one(i, r + "}");
      });
    }
  });
}

void message_status(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  auto sid = request.param(":sid").as<std::string>();
  with_user(a, request, out, [&a, out, sid](const user_info&) {
    if (!a.twilio_configured())
      return out->error(503, "Twilio not configured. Missing environment variables.", "twilio_not_configured");
    query(a, out, [&a, out, sid](pqxx::connection& c) {
      auto phone = queries::thread_of_sid(c, sid);
      if (phone.empty()) return out->error(404, "No message with that sid", "not_found");
      ask(a, actors::refresh_status{phone, sid, {}}, [&a, out, sid](const actors::command_reply& reply) {
        if (reply.result != actors::outcome::ok) return reply_failure(out, reply);
        after_projection(a, reply.position, [&a, out, sid] {
          query(a, out, [out, sid](pqxx::connection& c) {
            out->json(200, "{\"success\":true,\"message\":" + queries::find_message(c, sid).value_or("null") + "}");
          });
        });
      });
    });
  });
}

void list_messages(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  with_user(a, request, out, [&a, out, params = query_params(request)](const user_info&) {
    queries::message_filter f;
    f.contact_id = params.text("contactId");
    if (!f.contact_id.empty() && !eventlog::is_uuid(f.contact_id))
      return out->error(400, "contactId is not a contact id", "invalid_query", "contactId");
    auto phone = params.text("phoneNumber");
    if (!phone.empty()) {
      auto parsed = domain::parse_phone_number(phone, a.config.default_region);
      if (!parsed) return out->error(400, domain::invalid_phone_message, "invalid_phone", "phoneNumber");
      f.phone = parsed->e164;
    }
    f.direction = params.text("direction");
    if (!f.direction.empty() && f.direction != "inbound" && f.direction != "outbound")
      return out->error(400, "direction must be inbound or outbound", "invalid_query", "direction");
    auto limit = params.integer("limit", 100, 1, 1000);
    auto skip = params.integer("skip", 0, 0, 1000000000);
    if (!limit || !skip) return out->error(400, "limit must be 1 to 1000 and skip at least 0", "invalid_query");
    f.limit = *limit;
    f.skip = *skip;
    query(a, out, [out, f](pqxx::connection& c) {
      out->json(200, "{\"success\":true," + queries::list_messages_members(c, f) + "}");
    });
  });
}

}  // namespace

void add_sms_routes(Pistache::Rest::Router& router, app& a) {
  Routes::Post(router, "/api/crm/sms/segments", route_to(a, segments));
  Routes::Post(router, "/api/crm/sms/send", route_to(a, send));
  Routes::Post(router, "/api/crm/sms/bulk", route_to(a, bulk));
  Routes::Get(router, "/api/crm/sms/messages", route_to(a, list_messages));
  Routes::Get(router, "/api/crm/sms/messages/:sid/status", route_to(a, message_status));
}

}  // namespace crm::http
