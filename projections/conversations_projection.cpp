#include "projections/conversations_projection.hpp"

#include <rapidjson/document.h>

#include "projections/messages_projection.hpp"

namespace crm::projections {
namespace {

constexpr const char* ensure_row =
    "INSERT INTO conversations_view (phone, position) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING";

// A message becomes the preview only when it is at least as new as the current one: imported
// history can arrive after newer messages.
constexpr const char* add_message =
    "UPDATE conversations_view SET message_count = message_count + 1, "
    "unread_count = unread_count + $7, position = $8, "
    "last_message_id = CASE WHEN last_at IS NULL OR $6::timestamptz >= last_at THEN $2 ELSE last_message_id END, "
    "last_body = CASE WHEN last_at IS NULL OR $6::timestamptz >= last_at THEN $3 ELSE last_body END, "
    "last_direction = CASE WHEN last_at IS NULL OR $6::timestamptz >= last_at THEN $4 ELSE last_direction END, "
    "last_status = CASE WHEN last_at IS NULL OR $6::timestamptz >= last_at THEN $5 ELSE last_status END, "
    "last_at = greatest(last_at, $6::timestamptz) WHERE phone = $1";
constexpr const char* update_last_status =
    "UPDATE conversations_view SET last_status = $3, position = $4 WHERE phone = $1 AND last_message_id = $2";
constexpr const char* set_contact = "UPDATE conversations_view SET contact_id = nullif($2, '')::uuid, position = $3 WHERE phone = $1";
constexpr const char* unset_contact =
    "UPDATE conversations_view SET contact_id = NULL, position = $3 WHERE phone = $1 AND contact_id = $2::uuid";
constexpr const char* set_opt_in = "UPDATE conversations_view SET opt_in_status = $2, position = $3 WHERE phone = $1";
constexpr const char* mark_read =
    "UPDATE conversations_view SET unread_count = 0, last_read_at = $2::timestamptz, position = $3 WHERE phone = $1";

std::string str(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

namespace {
void apply_one(pqxx::work& tx, const eventlog::recorded_event& event) {
  auto phone = thread_phone_of(event.stream_id);
  if (phone.empty()) return;
  auto& type = event.type;
  rapidjson::Document d;
  d.Parse(event.data.c_str(), event.data.size());
  if (d.HasParseError() || !d.IsObject()) return;
  auto p = event.position;
  if (type == "OutboundMessageRequested" || type == "InboundMessageReceived" || type == "MessageImported") {
    tx.exec_params0(ensure_row, phone, p);
    bool inbound = type == "InboundMessageReceived" || (type == "MessageImported" && str(d, "direction") == "inbound");
    std::string id = type == "OutboundMessageRequested" ? str(d, "messageId") : str(d, "sid");
    std::string at = type == "OutboundMessageRequested" ? str(d, "requestedAt")
                     : type == "InboundMessageReceived" ? str(d, "receivedAt")
                     : (str(d, "dateSent").empty() ? str(d, "twilioCreatedAt") : str(d, "dateSent"));
    if (at.empty()) at = event.recorded_at;
    std::string status = type == "OutboundMessageRequested" ? "queued" : type == "InboundMessageReceived" ? "received" : str(d, "status");
    // Imported history is history: it does not make a thread unread.
    int unread = type == "InboundMessageReceived" ? 1 : 0;
    tx.exec_params0(add_message, phone, id, str(d, "body"), inbound ? "inbound" : "outbound", status, at, unread, p);
  } else if (type == "MessageAcceptedByTwilio" || type == "MessageStatusChanged" || type == "MessageSendFailed") {
    tx.exec_params0(update_last_status, phone, str(d, "messageId"), str(d, "status"), p);
  } else if (type == "ContactLinked") {
    tx.exec_params0(ensure_row, phone, p);
    tx.exec_params0(set_contact, phone, str(d, "contactId"), p);
  } else if (type == "ContactUnlinked") {
    tx.exec_params0(unset_contact, phone, str(d, "contactId"), p);
  } else if (type == "ConsentGranted" || type == "ConsentRevoked") {
    tx.exec_params0(ensure_row, phone, p);
    tx.exec_params0(set_opt_in, phone, type == "ConsentGranted" ? "opted_in" : "opted_out", p);
  } else if (type == "ThreadRead") {
    tx.exec_params0(mark_read, phone, str(d, "at"), p);
  }
}

}  // namespace

void conversations_projection::apply_batch(pqxx::work& tx, const eventlog::event_list& events) {
  for (auto& event : events) apply_one(tx, event);
}

}  // namespace crm::projections
