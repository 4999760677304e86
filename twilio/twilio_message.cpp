#include "twilio/twilio_message.hpp"

#include <rapidjson/document.h>

#include <cstdlib>

#include "domain/utf8.hpp"

namespace crm::twilio {
namespace {

using json_value = rapidjson::Value;

// Twilio's text is kept whatever it holds: a NUL or a malformed byte (which PostgreSQL would
// refuse, failing a whole history import) becomes U+FFFD.
std::optional<std::string> nullable_text(const json_value& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return domain::storable_text(std::string(it->value.GetString(), it->value.GetStringLength()));
}

std::string text(const json_value& obj, const char* name) { return nullable_text(obj, name).value_or(""); }

// Twilio sends counts as strings; tolerate numbers too, since some tools re-encode them.
int count(const json_value& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) return 0;
  if (it->value.IsInt()) return it->value.GetInt();
  if (!it->value.IsString()) return 0;
  char* end = nullptr;
  long n = std::strtol(it->value.GetString(), &end, 10);
  return end && *end == '\0' && n >= 0 && n < 1000000 ? static_cast<int>(n) : 0;
}

std::optional<int> nullable_int(const json_value& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) return std::nullopt;
  if (it->value.IsInt()) return it->value.GetInt();
  if (it->value.IsString()) {
    char* end = nullptr;
    long n = std::strtol(it->value.GetString(), &end, 10);
    if (end && *end == '\0' && it->value.GetStringLength() > 0) return static_cast<int>(n);
  }
  return std::nullopt;
}

std::optional<twilio_message> from_object(const json_value& obj) {
  if (!obj.IsObject()) return std::nullopt;
  twilio_message m;
  m.sid = text(obj, "sid");
  if (m.sid.empty()) return std::nullopt;
  m.account_sid = text(obj, "account_sid");
  m.messaging_service_sid = text(obj, "messaging_service_sid");
  m.status = text(obj, "status");
  m.direction = text(obj, "direction");
  m.from = text(obj, "from");
  m.to = text(obj, "to");
  m.body = text(obj, "body");
  m.num_segments_text = text(obj, "num_segments");
  m.num_segments = count(obj, "num_segments");
  m.num_media = count(obj, "num_media");
  m.price = nullable_text(obj, "price");
  m.price_unit = text(obj, "price_unit");
  m.error_code = nullable_int(obj, "error_code");
  m.error_message = text(obj, "error_message");
  m.date_created = text(obj, "date_created");
  m.date_sent = text(obj, "date_sent");
  m.date_updated = text(obj, "date_updated");
  m.date_created_at = parse_rfc2822(m.date_created);
  m.date_sent_at = parse_rfc2822(m.date_sent);
  m.date_updated_at = parse_rfc2822(m.date_updated);
  m.api_version = text(obj, "api_version");
  m.uri = text(obj, "uri");
  auto sub = obj.FindMember("subresource_uris");
  if (sub != obj.MemberEnd() && sub->value.IsObject()) m.media_uri = text(sub->value, "media");
  return m;
}

bool parse_document(std::string_view json, rapidjson::Document& doc) {
  doc.Parse(json.data(), json.size());
  return !doc.HasParseError() && doc.IsObject();
}

}  // namespace

std::optional<twilio_message> parse_twilio_message(std::string_view json) {
  rapidjson::Document doc;
  if (!parse_document(json, doc)) return std::nullopt;
  return from_object(doc);
}

std::optional<message_page> parse_message_page(std::string_view json) {
  rapidjson::Document doc;
  if (!parse_document(json, doc)) return std::nullopt;
  auto messages = doc.FindMember("messages");
  if (messages == doc.MemberEnd() || !messages->value.IsArray()) return std::nullopt;
  message_page page;
  for (const auto& item : messages->value.GetArray()) {
    auto m = from_object(item);
    if (!m) return std::nullopt;
    page.messages.push_back(std::move(*m));
  }
  page.page = nullable_int(doc, "page").value_or(0);
  page.page_size = nullable_int(doc, "page_size").value_or(0);
  page.next_page_uri = nullable_text(doc, "next_page_uri");
  if (page.next_page_uri && page.next_page_uri->empty()) page.next_page_uri.reset();
  return page;
}

}  // namespace crm::twilio
