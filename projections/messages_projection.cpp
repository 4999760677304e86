#include "projections/messages_projection.hpp"

#include <optional>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::projections {
namespace {

constexpr const char* insert_outbound =
    "INSERT INTO messages_view (id, thread_phone, direction, from_number, to_number, body, media_urls, status, "
    "contact_id, sent_by, created_at, sort_at, position) "
    "VALUES ($1, $2, 'outbound', $3, $4, $5, $6::jsonb, 'queued', nullif($7, '')::uuid, $8, $9, $9, $10) "
    "ON CONFLICT (id) DO NOTHING";
constexpr const char* insert_received =
    "INSERT INTO messages_view (id, thread_phone, sid, direction, from_number, to_number, body, media_urls, status, "
    "num_segments, contact_id, created_at, sort_at, position) "
    "VALUES ($1, $2, $1, 'inbound', $3, $4, $5, $6::jsonb, 'received', $7, nullif($8, '')::uuid, $9, $9, $10) "
    "ON CONFLICT DO NOTHING";
constexpr const char* insert_imported =
    "INSERT INTO messages_view (id, thread_phone, sid, direction, from_number, to_number, body, status, num_segments, "
    "price, price_unit, twilio_created_at, created_at, sort_at, position) "
    "VALUES ($1, $2, $1, $3, $4, $5, $6, $7, $8, nullif($9, ''), nullif($10, ''), nullif($11, '')::timestamptz, $12, "
    "coalesce(nullif($11, '')::timestamptz, $12::timestamptz), $13) ON CONFLICT DO NOTHING";
constexpr const char* mark_accepted =
    "UPDATE messages_view SET sid = $2, status = $3, num_segments = $4, price = nullif($5, ''), "
    "price_unit = nullif($6, ''), twilio_created_at = nullif($7, '')::timestamptz WHERE id = $1";
constexpr const char* mark_failed =
    "UPDATE messages_view SET status = 'failed', error_code = $2, error_message = $3 WHERE id = $1";
constexpr const char* mark_status =
    "UPDATE messages_view SET status = $2, error_code = $3, error_message = nullif($4, ''), "
    "delivered_at = coalesce(nullif($5, '')::timestamptz, delivered_at) WHERE id = $1";

std::string str(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

int integer(const rapidjson::Value& v, const char* name, int fallback = 0) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsInt() ? it->value.GetInt() : fallback;
}

std::optional<int> optional_int(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsInt()) return std::nullopt;
  return it->value.GetInt();
}

std::string array_text(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsArray()) return "[]";
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  it->value.Accept(w);
  return buffer.GetString();
}

}  // namespace

std::string thread_phone_of(const std::string& stream_id) {
  constexpr std::string_view prefix = "thread-";
  return stream_id.rfind(prefix, 0) == 0 ? stream_id.substr(prefix.size()) : "";
}

namespace {
void apply_one(pqxx::work& tx, const eventlog::recorded_event& event) {
  auto phone = thread_phone_of(event.stream_id);
  if (phone.empty()) return;
  auto& type = event.type;
  if (type != "OutboundMessageRequested" && type != "InboundMessageReceived" && type != "MessageImported" &&
      type != "MessageAcceptedByTwilio" && type != "MessageSendFailed" && type != "MessageStatusChanged")
    return;
  rapidjson::Document d;
  d.Parse(event.data.c_str(), event.data.size());
  if (d.HasParseError() || !d.IsObject()) return;
  if (type == "OutboundMessageRequested") {
    tx.exec_params0(insert_outbound, str(d, "messageId"), phone, str(d, "from"), str(d, "to"), str(d, "body"),
                    array_text(d, "mediaUrls"), str(d, "contactId"), str(d, "sentBy"), str(d, "requestedAt"), event.position);
  } else if (type == "InboundMessageReceived") {
    tx.exec_params0(insert_received, str(d, "sid"), phone, str(d, "from"), str(d, "to"), str(d, "body"),
                    array_text(d, "mediaUrls"), integer(d, "numSegments", 1), str(d, "contactId"), str(d, "receivedAt"),
                    event.position);
  } else if (type == "MessageImported") {
    tx.exec_params0(insert_imported, str(d, "sid"), phone, str(d, "direction"), str(d, "from"), str(d, "to"),
                    str(d, "body"), str(d, "status"), integer(d, "numSegments", 1), str(d, "price"), str(d, "priceUnit"),
                    str(d, "dateSent").empty() ? str(d, "twilioCreatedAt") : str(d, "dateSent"), event.recorded_at,
                    event.position);
  } else if (type == "MessageAcceptedByTwilio") {
    tx.exec_params0(mark_accepted, str(d, "messageId"), str(d, "sid"), str(d, "status"), integer(d, "numSegments"),
                    str(d, "price"), str(d, "priceUnit"), str(d, "twilioCreatedAt"));
  } else if (type == "MessageSendFailed") {
    tx.exec_params0(mark_failed, str(d, "messageId"), optional_int(d, "errorCode"), str(d, "errorMessage"));
  } else {
    tx.exec_params0(mark_status, str(d, "messageId"), str(d, "status"), optional_int(d, "errorCode"),
                    str(d, "errorMessage"), str(d, "deliveredAt"));
  }
}

}  // namespace

void messages_projection::apply_batch(pqxx::work& tx, const eventlog::event_list& events) {
  for (auto& event : events) apply_one(tx, event);
}

}  // namespace crm::projections
