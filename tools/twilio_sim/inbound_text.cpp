#include "tools/twilio_sim/inbound_text.hpp"

#include <rapidjson/document.h>

#include "tools/twilio_sim/create_message.hpp"

namespace crm::twilio_sim {
namespace {

std::string content_type_for(const std::string& url) {
  auto has = [&](const char* ext) { return url.find(ext) != std::string::npos; };
  if (has(".png")) return "image/png";
  if (has(".gif")) return "image/gif";
  if (has(".mp4")) return "video/mp4";
  if (has(".pdf")) return "application/pdf";
  return "image/jpeg";
}

}  // namespace

std::optional<inbound_request> parse_inbound_request(std::string_view json, std::string& error) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    error = "body must be a JSON object {from, to?, body, mediaUrls?}";
    return std::nullopt;
  }
  inbound_request r;
  auto text = [&](const char* name, std::string& out, bool required) {
    auto it = doc.FindMember(name);
    if (it == doc.MemberEnd() || it->value.IsNull()) return !required;
    if (!it->value.IsString()) return false;
    out.assign(it->value.GetString(), it->value.GetStringLength());
    return true;
  };
  if (!text("from", r.from, true) || r.from.empty()) {
    error = "'from' is required (a phone number)";
    return std::nullopt;
  }
  if (!text("to", r.to, false) || !text("body", r.body, false)) {
    error = "'to' and 'body' must be strings";
    return std::nullopt;
  }
  auto media = doc.FindMember("mediaUrls");
  if (media != doc.MemberEnd() && !media->value.IsNull()) {
    if (!media->value.IsArray()) {
      error = "'mediaUrls' must be an array of strings";
      return std::nullopt;
    }
    for (const auto& url : media->value.GetArray()) {
      if (!url.IsString()) {
        error = "'mediaUrls' must be an array of strings";
        return std::nullopt;
      }
      r.media_urls.emplace_back(url.GetString(), url.GetStringLength());
    }
  }
  return r;
}

inbound_text build_inbound(const inbound_request& request, const std::string& account_sid,
                           const std::string& default_to, const std::string& sid_hex, twilio::time_point now) {
  inbound_text out;
  std::string to = request.to.empty() ? default_to : request.to;
  auto& r = out.message.resource;
  r.sid = (request.media_urls.empty() ? "SM" : "MM") + sid_hex;
  r.account_sid = account_sid;
  r.status = "received";
  r.direction = "inbound";
  r.from = request.from;
  r.to = to;
  r.body = request.body;
  r.num_segments = count_segments(request.body);
  r.num_segments_text = std::to_string(r.num_segments);
  r.num_media = static_cast<int>(request.media_urls.size());
  r.price = "-0.00790";
  r.price_unit = "USD";
  r.date_created = r.date_sent = r.date_updated = twilio::format_rfc2822(now);
  r.date_created_at = r.date_sent_at = r.date_updated_at = now;
  r.api_version = "2010-04-01";
  r.uri = "/2010-04-01/Accounts/" + account_sid + "/Messages/" + r.sid + ".json";
  out.message.media_urls = request.media_urls;

  auto& f = out.form;
  f = {{"ToCountry", "US"},
       {"ToState", "CA"},
       {"SmsMessageSid", r.sid},
       {"NumMedia", std::to_string(r.num_media)},
       {"ToCity", "SAN FRANCISCO"},
       {"FromZip", "94105"},
       {"SmsSid", r.sid},
       {"FromState", "CA"},
       {"SmsStatus", "received"},
       {"FromCity", "SAN FRANCISCO"},
       {"Body", r.body},
       {"FromCountry", "US"},
       {"To", to},
       {"ToZip", "94105"},
       {"NumSegments", r.num_segments_text},
       {"MessageSid", r.sid},
       {"AccountSid", account_sid},
       {"From", r.from},
       {"ApiVersion", "2010-04-01"}};
  for (std::size_t i = 0; i < request.media_urls.size(); ++i) {
    f.emplace_back("MediaContentType" + std::to_string(i), content_type_for(request.media_urls[i]));
    f.emplace_back("MediaUrl" + std::to_string(i), request.media_urls[i]);
  }
  return out;
}

}  // namespace crm::twilio_sim
