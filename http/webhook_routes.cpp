// Twilio's webhooks (api.md, "Twilio webhooks"): inbound texts and status callbacks. They carry
// X-Twilio-Signature instead of a session; the answer goes out only after the commit, so a
// failure makes Twilio retry, and a retry changes nothing (event ids derive from MessageSid).

#include <pistache/router.h>
#include <spdlog/spdlog.h>

#include "domain/phone_number.hpp"
#include "domain/utf8.hpp"
#include "http/app.hpp"
#include "http/command_error_text.hpp"
#include "twilio/form_body.hpp"
#include "twilio/twiml.hpp"

namespace crm::http {
namespace {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
namespace Routes = Pistache::Rest::Routes;

/// The URL Twilio signed: the public one, never the socket's (we may be behind a proxy).
std::string signed_url(const app& a, const Request& request) {
  std::string url = a.config.public_base_url + request.resource();
  std::string query;
  for (auto it = request.query().parameters_begin(); it != request.query().parameters_end(); ++it)
    query += (query.empty() ? "?" : "&") + it->first + "=" + it->second;
  return url + query;
}

/// Parses and authenticates a webhook; answers 400/403/503 itself and returns nullopt then.
std::optional<twilio::form_params> authentic_form(app& a, const Request& request, const responder_ptr& out) {
  if (!a.webhook_signatures) {
    out->error(503, "Twilio not configured. Missing environment variables.", "twilio_not_configured");
    return std::nullopt;
  }
  auto signature = request.headers().tryGetRaw("X-Twilio-Signature");
  auto parsed = twilio::parse_form(request.body());
  if (!parsed) {
    out->error(400, "The body is not a valid form: " + parsed.error->message, "invalid_form");
    return std::nullopt;
  }
  if (!signature || !a.webhook_signatures->validate(signed_url(a, request), *parsed.params, signature->value())) {
    out->error(403, "Missing or invalid X-Twilio-Signature", "invalid_signature");
    return std::nullopt;
  }
  // A valid signature says the sender knows our auth token, not that the message is ours: a
  // subaccount or a second project sharing the token signs its own traffic the same way.
  if (twilio::form_value(*parsed.params, "AccountSid").value_or("") != a.config.twilio_account_sid) {
    spdlog::warn("refused a signed webhook for account {}",
                 twilio::form_value(*parsed.params, "AccountSid").value_or("(none)"));
    out->error(403, "The webhook is for another Twilio account", "account_mismatch");
    return std::nullopt;
  }
  return *parsed.params;
}

// Twilio's text is kept whatever it holds: a NUL or a malformed byte (which PostgreSQL would
// refuse, failing the webhook for good) becomes U+FFFD. The signature was checked on the raw values.
std::string value(const twilio::form_params& form, const char* name) {
  return domain::storable_text(twilio::form_value(form, name).value_or(""));
}

void inbound(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  auto form = authentic_form(a, request, out);
  if (!form) return;
  auto sid = value(*form, "MessageSid");
  if (sid.empty()) sid = value(*form, "SmsMessageSid");
  auto from = domain::parse_phone_number(value(*form, "From"), a.config.default_region);
  if (sid.empty() || !from) return out->error(400, "MessageSid and a valid From are required", "invalid_webhook");
  actors::receive_text cmd;
  cmd.phone = from->e164;
  auto& text = cmd.text;
  text.sid = sid;
  text.from = from->e164;
  text.to = value(*form, "To");
  text.body = value(*form, "Body");
  // The media Twilio sent, MediaUrl0 to MediaUrl9, whatever NumMedia says: trusting the count
  // stored empty URLs for a count above the fields and dropped the fields for a count of 0.
  for (int i = 0; i < 10; ++i) {
    auto url = value(*form, ("MediaUrl" + std::to_string(i)).c_str());
    if (url.empty()) continue;
    text.media_urls.push_back(std::move(url));
    text.media_types.push_back(value(*form, ("MediaContentType" + std::to_string(i)).c_str()));
  }
  text.num_segments = std::max(1, std::atoi(value(*form, "NumSegments").c_str()));
  text.from_city = value(*form, "FromCity");
  text.from_state = value(*form, "FromState");
  text.from_zip = value(*form, "FromZip");
  text.from_country = value(*form, "FromCountry");
  text.messaging_service_sid = value(*form, "MessagingServiceSid");
  bool to_our_number = text.to == a.config.twilio_phone_number;  // Twilio sends E.164, as configured
  if (!to_our_number) {                                          // a number configured in another format
    auto to = domain::parse_phone_number(text.to, a.config.default_region);
    auto ours = domain::parse_phone_number(a.config.twilio_phone_number, a.config.default_region);
    to_our_number = to && ours && to->e164 == ours->e164;
  }
  bool to_our_service = !a.config.twilio_messaging_service_sid.empty() &&
                        text.messaging_service_sid == a.config.twilio_messaging_service_sid;
  if (!to_our_number && !to_our_service) {
    text.foreign_to = true;
    spdlog::warn("inbound text {} is addressed to {}, which is not our number or Messaging Service", sid, text.to);
  }
  cmd.ctx.request_id = out->request_id();
  cmd.ctx.ip = request.address().host();
  ask(a, std::move(cmd), [out](const actors::command_reply& reply) {
    // Anything but a commit is a 5xx, so that Twilio delivers the text again.
    if (reply.result != actors::outcome::ok) return out->error(503, sentence_of(reply), code_of(reply.error));
    auto twiml = reply.replies.empty() ? twilio::twiml_empty() : twilio::twiml_messages(reply.replies);
    out->send(200, twiml, "text/xml; charset=utf-8");
  });
}

void status_callback(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  auto form = authentic_form(a, request, out);
  if (!form) return;
  auto sid = value(*form, "MessageSid");
  auto status = value(*form, "MessageStatus");
  if (status.empty()) status = value(*form, "SmsStatus");
  auto to = domain::parse_phone_number(value(*form, "To"), a.config.default_region);
  if (sid.empty() || status.empty() || !to)
    return out->error(400, "MessageSid, MessageStatus and To are required", "invalid_webhook");
  actors::record_status cmd;
  cmd.phone = to->e164;
  cmd.sid = sid;
  cmd.update.status = status;
  auto code = value(*form, "ErrorCode");
  // Twilio's codes have five digits; anything that is not a number of at most nine is no code
  // (atoi turned twenty digits into -1).
  if (!code.empty() && code.size() <= 9 && std::all_of(code.begin(), code.end(), ::isdigit))
    cmd.update.error_code = std::atoi(code.c_str());
  cmd.update.error_message = value(*form, "ErrorMessage");
  ask(a, std::move(cmd), [out](const actors::command_reply& reply) {
    if (reply.result != actors::outcome::ok) return out->error(503, sentence_of(reply), code_of(reply.error));
    out->send(204, "", "text/plain");
  });
}

}  // namespace

void add_webhook_routes(Pistache::Rest::Router& router, app& a) {
  Routes::Post(router, "/api/crm/sms/webhook", route_to(a, inbound, body_format::twilio_form));
  Routes::Post(router, "/api/crm/sms/status", route_to(a, status_callback, body_format::twilio_form));
}

}  // namespace crm::http
