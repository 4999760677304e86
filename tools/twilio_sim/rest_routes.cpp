#include "tools/twilio_sim/rest_routes.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

#include "tools/twilio_sim/create_message.hpp"
#include "tools/twilio_sim/message_json.hpp"
#include "tools/twilio_sim/message_life.hpp"
#include "tools/twilio_sim/sim_reply.hpp"

namespace crm::twilio_sim {
namespace {

using namespace Pistache;

std::string base64_decode(const std::string& text) {
  std::string out(text.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return {};
  out.resize(static_cast<std::size_t>(n));
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  std::size_t pad = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++pad;
  out.resize(out.size() >= pad ? out.size() - pad : 0);
  return out;
}

bool same(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool authorized(const sim_state& state, const Http::Request& request, const std::string& account) {
  auto auth = request.headers().tryGet<Http::Header::Authorization>();
  if (!auth) return false;
  std::string value = auth->value();
  const std::string prefix = "Basic ";
  if (value.compare(0, prefix.size(), prefix) != 0) return false;
  std::string expected = state.options.account_sid + ":" + state.options.auth_token;
  return account == state.options.account_sid && same(base64_decode(value.substr(prefix.size())), expected);
}

sim_reply unauthorized() {
  auto reply = twilio_error_reply(401, 20003, "Authenticate");
  reply.headers.emplace_back("WWW-Authenticate", "Basic realm=\"Twilio API\"");
  return reply;
}

sim_reply fault_reply(const fault& f) {
  if (f.kind == fault_kind::server_error)
    return twilio_error_reply(500, 20500, "An internal server error has occurred");
  auto reply = twilio_error_reply(429, 20429, "Too Many Requests");
  if (f.retry_after) reply.headers.emplace_back("Retry-After", std::to_string(f.retry_after->count()));
  return reply;
}

void create(sim_state& state, const Http::Request& request, Http::ResponseWriter writer, bool keep_alive) {
  ++state.create_calls;
  auto f = state.faults.take();
  if (f && f->kind != fault_kind::hang) return send_reply(writer, fault_reply(*f), keep_alive);
  auto form = twilio::parse_form(request.body());
  sim_reply reply;
  if (!form) {
    reply = twilio_error_reply(400, 20001, "Invalid form body: " + form.error->message);
  } else {
    auto created = create_message(*form.params, state.options.account_sid, state.new_sid_hex(), state.now());
    if (auto* refusal = std::get_if<create_refusal>(&created)) {
      reply = twilio_error_reply(refusal->http_status, refusal->code, refusal->message);
    } else {
      // Stored before replying: with the hang fault this is a Create Twilio accepted while the
      // caller never heard back.
      sim_message stored = state.messages.add(std::get<sim_message>(std::move(created)));
      start_message_life(state, stored.resource.sid);
      reply = sim_reply{201, message_json(stored), "application/json", {}};
    }
  }
  if (!f) return send_reply(writer, reply, keep_alive);
  auto held = std::make_shared<Http::ResponseWriter>(std::move(writer));
  state.timers.schedule(delayed_runner::clock::now() + f->hang,
                        [held, reply, keep_alive] { send_reply(*held, reply, keep_alive); });
}

std::optional<int> to_int(const std::optional<std::string>& text) {
  if (!text || text->empty() || text->size() > 9) return std::nullopt;
  int n = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

sim_reply list(sim_state& state, const Http::Request& request) {
  auto q = decoded_query(request);
  list_query query;
  query.to = twilio::form_value(q, "To");
  query.from = twilio::form_value(q, "From");
  query.date_sent = twilio::form_value(q, "DateSent");
  query.date_sent_before = twilio::form_value(q, "DateSent<");
  query.date_sent_after = twilio::form_value(q, "DateSent>");
  query.page_token = twilio::form_value(q, "PageToken");
  auto page_size = twilio::form_value(q, "PageSize");
  if (page_size) {
    auto n = to_int(page_size);
    if (!n || *n < 1 || *n > 1000)
      return twilio_error_reply(400, 20001, "Invalid PageSize: must be between 1 and 1000");
    query.page_size = *n;
  }
  if (auto page = twilio::form_value(q, "Page")) {
    auto n = to_int(page);
    if (!n) return twilio_error_reply(400, 20001, "Invalid Page");
    query.page = *n;
  }
  auto result = state.messages.list(query);
  if (!result) return twilio_error_reply(400, 20001, "Invalid DateSent filter");
  return sim_reply{200, message_list_json(*result, query, state.messages_path() + ".json"), "application/json", {}};
}

}  // namespace

twilio::form_params decoded_query(const Http::Request& request) {
  // Pistache keeps the query raw (still percent-encoded) in a map; decode it the form way.
  twilio::form_params out;
  const auto& query = request.query();
  for (auto it = query.parameters_begin(); it != query.parameters_end(); ++it) {
    auto name = twilio::form_decode(it->first);
    auto value = twilio::form_decode(it->second);
    out.emplace_back(name.value_or(it->first), value.value_or(it->second));
  }
  return out;
}

void handle_rest(sim_state& state, const Http::Request& request, Http::ResponseWriter writer) {
  bool keep_alive = wants_keep_alive(request);
  const std::string& path = request.resource();
  const std::string prefix = "/2010-04-01/Accounts/";
  std::string not_found = "The requested resource " + path + " was not found";
  if (path.compare(0, prefix.size(), prefix) != 0)
    return send_reply(writer, twilio_error_reply(404, 20404, not_found), keep_alive);
  std::size_t slash = path.find('/', prefix.size());
  std::string account = path.substr(prefix.size(), slash - prefix.size());
  std::string rest = slash == std::string::npos ? "" : path.substr(slash);
  if (!authorized(state, request, account)) return send_reply(writer, unauthorized(), keep_alive);
  auto method = request.method();
  if (rest == "/Messages.json") {
    if (method == Http::Method::Post) return create(state, request, std::move(writer), keep_alive);
    if (method == Http::Method::Get) return send_reply(writer, list(state, request), keep_alive);
    return send_reply(writer, twilio_error_reply(405, 20004, "Method not allowed"), keep_alive);
  }
  const std::string messages = "/Messages/";
  const std::string json = ".json";
  if (rest.size() > messages.size() + json.size() && rest.compare(0, messages.size(), messages) == 0 &&
      rest.compare(rest.size() - json.size(), json.size(), json) == 0) {
    std::string sid = rest.substr(messages.size(), rest.size() - messages.size() - json.size());
    if (method != Http::Method::Get)
      return send_reply(writer, twilio_error_reply(405, 20004, "Method not allowed"), keep_alive);
    auto found = state.messages.find(sid);
    if (!found) return send_reply(writer, twilio_error_reply(404, 20404, not_found), keep_alive);
    return send_reply(writer, sim_reply{200, message_json(*found), "application/json", {}}, keep_alive);
  }
  send_reply(writer, twilio_error_reply(404, 20404, not_found), keep_alive);
}

}  // namespace crm::twilio_sim
