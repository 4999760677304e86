#include "tools/twilio_sim/control_routes.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <memory>

#include "tools/twilio_sim/inbound_text.hpp"
#include "tools/twilio_sim/message_json.hpp"
#include "tools/twilio_sim/sim_reply.hpp"

namespace crm::twilio_sim {
namespace {

using namespace Pistache;

sim_reply bad_request(const std::string& message) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("error");
  w.String(message.c_str());
  w.EndObject();
  return sim_reply{400, buffer.GetString(), "application/json", {}};
}

const sim_reply ok_reply{200, R"({"ok":true})", "application/json", {}};

std::string webhook_url(const sim_state& state) {
  std::string base = state.options.crm_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/api/crm/sms/webhook";
}

sim_reply inbound_result(const sim_message& m, const webhook_reply& crm) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("sid");
  w.String(m.resource.sid.c_str());
  w.Key("status");
  w.String("received");
  w.Key("crmStatus");
  w.Int64(crm.status);
  w.Key("crmBody");
  w.String(crm.body.c_str(), static_cast<rapidjson::SizeType>(crm.body.size()));
  if (!crm.error.empty()) {
    w.Key("crmError");
    w.String(crm.error.c_str());
  }
  w.EndObject();
  // The CRM's answer is reported, not judged: a 403 from a bad signature is a test result.
  return sim_reply{crm.status == 0 ? 502 : 200, buffer.GetString(), "application/json", {}};
}

void inbound(sim_state& state, const Http::Request& request, Http::ResponseWriter writer, bool keep_alive) {
  std::string error;
  auto parsed = parse_inbound_request(request.body(), error);
  if (!parsed) return send_reply(writer, bad_request(error), keep_alive);
  auto now = state.now();
  auto text = build_inbound(*parsed, state.options.account_sid, state.options.phone_number, state.new_sid_hex(), now);
  // Twilio has the message whatever the webhook's fate, so history sync sees it either way.
  state.messages.add(text.message);
  auto held = std::make_shared<Http::ResponseWriter>(std::move(writer));
  sim_state* s = &state;
  state.requests.post([s, held, text, keep_alive] {
    auto crm = s->inbound_poster.post(webhook_url(*s), text.form);
    send_reply(*held, inbound_result(text.message, crm), keep_alive);
  });
}

sim_reply faults(sim_state& state, const Http::Request& request) {
  rapidjson::Document doc;
  doc.Parse(request.body().c_str());
  if (doc.HasParseError() || !doc.IsObject()) return bad_request("body must be a JSON object");
  auto create = doc.FindMember("create");
  std::string kind;
  if (create != doc.MemberEnd() && create->value.IsString()) kind = create->value.GetString();
  if (create != doc.MemberEnd() && create->value.IsInt()) kind = std::to_string(create->value.GetInt());
  fault f;
  if (kind == "500") {
    f.kind = fault_kind::server_error;
  } else if (kind == "429") {
    f.kind = fault_kind::too_many_requests;
  } else if (kind == "hang") {
    f.kind = fault_kind::hang;
  } else {
    return bad_request("'create' must be \"500\", \"429\" or \"hang\"");
  }
  int count = 1;
  auto c = doc.FindMember("count");
  if (c != doc.MemberEnd()) {
    if (!c->value.IsInt() || c->value.GetInt() < 1) return bad_request("'count' must be a positive integer");
    count = c->value.GetInt();
  }
  auto retry = doc.FindMember("retryAfter");
  if (retry != doc.MemberEnd() && !retry->value.IsNull()) {
    if (!retry->value.IsInt() || retry->value.GetInt() < 0) return bad_request("'retryAfter' must be seconds");
    f.retry_after = std::chrono::seconds(retry->value.GetInt());
  }
  auto hang = doc.FindMember("hangMs");
  if (hang != doc.MemberEnd() && !hang->value.IsNull()) {
    if (!hang->value.IsInt() || hang->value.GetInt() < 0) return bad_request("'hangMs' must be milliseconds");
    f.hang = std::chrono::milliseconds(hang->value.GetInt());
  }
  state.faults.add(f, count);
  return ok_reply;
}

}  // namespace

void handle_control(sim_state& state, const Http::Request& request, Http::ResponseWriter writer) {
  bool keep_alive = wants_keep_alive(request);
  const std::string& path = request.resource();
  auto method = request.method();
  bool post = method == Http::Method::Post;
  bool get = method == Http::Method::Get;
  if (path == "/healthz" && get) {
    return send_reply(writer, sim_reply{200, R"({"status":"ok"})", "application/json", {}}, keep_alive);
  }
  if (path == "/sim/inbound" && post) return inbound(state, request, std::move(writer), keep_alive);
  if (path == "/sim/faults" && post) return send_reply(writer, faults(state, request), keep_alive);
  if (path == "/sim/messages" && get) {
    return send_reply(writer, sim_reply{200, message_array_json(state.messages.all()), "application/json", {}},
                      keep_alive);
  }
  if (path == "/sim/stats" && get) {
    return send_reply(
        writer,
        sim_reply{200, "{\"createCalls\":" + std::to_string(state.create_calls.load()) + "}", "application/json", {}},
        keep_alive);
  }
  if (path == "/sim/reset" && post) {
    state.create_calls = 0;
    state.callbacks.clear();
    state.messages.clear();
    state.faults.clear();
    return send_reply(writer, ok_reply, keep_alive);
  }
  send_reply(writer, sim_reply{404, R"({"error":"not found"})", "application/json", {}}, keep_alive);
}

}  // namespace crm::twilio_sim
