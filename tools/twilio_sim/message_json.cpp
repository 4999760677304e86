#include "tools/twilio_sim/message_json.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "twilio/form_body.hpp"

namespace crm::twilio_sim {
namespace {

using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;

void string_or_null(json_writer& w, const char* key, const std::string& value) {
  w.Key(key);
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
}

void string_field(json_writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void write_message(json_writer& w, const sim_message& sm) {
  const auto& m = sm.resource;
  w.StartObject();
  string_field(w, "account_sid", m.account_sid);
  string_field(w, "api_version", m.api_version);
  string_field(w, "body", m.body);
  string_or_null(w, "date_created", m.date_created);
  string_or_null(w, "date_sent", m.date_sent);
  string_or_null(w, "date_updated", m.date_updated);
  string_field(w, "direction", m.direction);
  w.Key("error_code");
  if (m.error_code) {
    w.Int(*m.error_code);
  } else {
    w.Null();
  }
  string_or_null(w, "error_message", m.error_message);
  string_field(w, "from", m.from);
  string_or_null(w, "messaging_service_sid", m.messaging_service_sid);
  string_field(w, "num_media", std::to_string(m.num_media));
  string_field(w, "num_segments", m.num_segments_text);
  string_or_null(w, "price", m.price.value_or(""));
  string_field(w, "price_unit", m.price_unit);
  string_field(w, "sid", m.sid);
  string_field(w, "status", m.status);
  w.Key("subresource_uris");
  w.StartObject();
  std::string base = m.uri.substr(0, m.uri.size() - 5);  // drop ".json"
  string_field(w, "media", base + "/Media.json");
  string_field(w, "feedback", base + "/Feedback.json");
  w.EndObject();
  string_field(w, "to", m.to);
  string_field(w, "uri", m.uri);
  w.EndObject();
}

std::string page_uri(const std::string& path, const list_query& q, int page, const std::string& token) {
  twilio::form_params params;
  if (q.to) params.emplace_back("To", *q.to);
  if (q.from) params.emplace_back("From", *q.from);
  if (q.date_sent) params.emplace_back("DateSent", *q.date_sent);
  if (q.date_sent_before) params.emplace_back("DateSent<", *q.date_sent_before);
  if (q.date_sent_after) params.emplace_back("DateSent>", *q.date_sent_after);
  params.emplace_back("PageSize", std::to_string(q.page_size));
  params.emplace_back("Page", std::to_string(page));
  if (!token.empty()) params.emplace_back("PageToken", token);
  return path + "?" + twilio::encode_form(params);
}

}  // namespace

std::string message_json(const sim_message& message) {
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  write_message(w, message);
  return buffer.GetString();
}

std::string message_array_json(const std::vector<sim_message>& messages) {
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  w.StartArray();
  for (const auto& m : messages) write_message(w, m);
  w.EndArray();
  return buffer.GetString();
}

std::string message_list_json(const list_result& result, const list_query& query, const std::string& path) {
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  w.StartObject();
  w.Key("end");
  w.Int64(static_cast<int64_t>(result.start + result.messages.size()) - (result.messages.empty() ? 0 : 1));
  string_field(w, "first_page_uri", page_uri(path, query, 0, ""));
  w.Key("messages");
  w.StartArray();
  for (const auto& m : result.messages) write_message(w, m);
  w.EndArray();
  std::string next;
  if (result.has_more && !result.messages.empty())
    next = page_uri(path, query, query.page + 1, "PA" + result.messages.back().resource.sid);
  string_or_null(w, "next_page_uri", next);
  w.Key("page");
  w.Int(query.page);
  w.Key("page_size");
  w.Int(query.page_size);
  string_or_null(w, "previous_page_uri", query.page > 0 ? page_uri(path, query, query.page - 1, "") : "");
  w.Key("start");
  w.Int64(static_cast<int64_t>(result.start));
  string_field(w, "uri", page_uri(path, query, query.page, query.page_token.value_or("")));
  w.EndObject();
  return buffer.GetString();
}

std::string error_json(int code, const std::string& message, int status) {
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  w.StartObject();
  w.Key("code");
  w.Int(code);
  string_field(w, "message", message);
  string_field(w, "more_info", "https://www.twilio.com/docs/errors/" + std::to_string(code));
  w.Key("status");
  w.Int(status);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace crm::twilio_sim
