#include "projections/messaging_query.hpp"

#include <algorithm>
#include <cctype>

#include "domain/phone_number.hpp"

namespace crm::projections {
namespace {

constexpr const char* message_json =
    "jsonb_build_object('_id', m.id, 'twilioMessageSid', m.sid, 'from', m.from_number, 'to', m.to_number, "
    "'body', m.body, 'mediaUrls', m.media_urls, 'direction', m.direction, 'status', m.status, "
    "'contactId', m.contact_id, 'threadId', 'thread-' || m.thread_phone, 'numSegments', m.num_segments, "
    "'errorCode', m.error_code, 'errorMessage', m.error_message, 'price', m.price, 'priceUnit', m.price_unit, "
    "'sentBy', m.sent_by, 'tags', '[]'::jsonb, 'twilioCreatedAt', crm_iso(m.twilio_created_at), "
    "'deliveredAt', crm_iso(m.delivered_at), 'createdAt', crm_iso(m.created_at))";

const std::string select_message = std::string("SELECT ") + message_json +
                                   "::text FROM messages_view m WHERE m.id = $1 OR m.sid = $1 LIMIT 1";

constexpr const char* select_thread_of_sid = "SELECT thread_phone FROM messages_view WHERE sid = $1";

// Messages by contact follow the contact's number: the thread is the history.
constexpr const char* message_where =
    " WHERE ($1 = '' OR m.thread_phone = (SELECT phone FROM contacts_view WHERE id = nullif($1, '')::uuid)) "
    "AND ($2 = '' OR m.thread_phone = $2) AND ($3 = '' OR m.direction = $3) ";

const std::string select_message_page =
    std::string("SELECT coalesce(jsonb_agg(j ORDER BY sort_at, position), '[]')::text FROM (SELECT ") + message_json +
    " AS j, m.sort_at, m.position FROM messages_view m" + message_where +
    "ORDER BY m.sort_at DESC, m.position DESC LIMIT $4 OFFSET $5) page";
const std::string count_messages = std::string("SELECT count(*) FROM messages_view m") + message_where;

constexpr const char* conversation_where =
    " WHERE c.message_count > 0 AND ($1 = '' OR lower(k.first_name || ' ' || k.last_name) LIKE $1 "
    "OR lower(k.email) LIKE $1 OR ($2 <> '' AND ltrim(c.phone, '+') LIKE $2) "
    "OR EXISTS (SELECT 1 FROM messages_view m WHERE m.thread_phone = c.phone AND lower(m.body) LIKE $1)) ";

const std::string select_conversation_page =
    std::string(
        "SELECT coalesce(jsonb_agg(j ORDER BY last_at DESC, phone), '[]')::text FROM (SELECT c.phone, c.last_at, "
        "jsonb_build_object('phoneNumber', c.phone, 'threadId', 'thread-' || c.phone, "
        "'contact', CASE WHEN k.id IS NULL THEN NULL ELSE jsonb_build_object('_id', k.id, 'firstName', k.first_name, "
        "'lastName', k.last_name, 'phone', k.phone, 'preferences', k.doc -> 'preferences') END, "
        "'lastMessage', jsonb_build_object('body', c.last_body, 'direction', c.last_direction, 'status', c.last_status, "
        "'createdAt', crm_iso(c.last_at)), 'unreadCount', c.unread_count, 'messageCount', c.message_count, "
        "'optInStatus', c.opt_in_status) AS j FROM conversations_view c LEFT JOIN contacts_view k ON k.id = c.contact_id") +
    conversation_where + "ORDER BY c.last_at DESC NULLS LAST, c.phone LIMIT $3 OFFSET $4) page";
const std::string count_conversations =
    std::string("SELECT count(*) FROM conversations_view c LEFT JOIN contacts_view k ON k.id = c.contact_id") +
    conversation_where;

constexpr const char* select_consent_events =
    "SELECT coalesce(jsonb_agg(jsonb_build_object('type', type, 'position', position, 'recordedAt', crm_iso(recorded_at)) "
    "|| data ORDER BY version), '[]')::text FROM events WHERE stream_id = $1 "
    "AND type IN ('ConsentGranted', 'ConsentRevoked', 'OptInRequested')";
constexpr const char* select_consent_state =
    "SELECT type FROM events WHERE stream_id = $1 AND type IN ('ConsentGranted', 'ConsentRevoked') "
    "ORDER BY version DESC LIMIT 1";

constexpr const char* select_changes =
    "SELECT position, stream_id, type, coalesce(data ->> 'messageId', data ->> 'sid', ''), "
    "coalesce(data ->> 'contactId', '') FROM events WHERE position > $1 ORDER BY position LIMIT $2";
constexpr const char* select_head = "SELECT coalesce(max(position), 0) FROM events";

constexpr const char* select_unresolved =
    "SELECT DISTINCT thread_phone FROM messages_view WHERE direction = 'outbound' AND sid IS NULL AND status = 'queued'";

constexpr const char* select_contact_state =
    "SELECT coalesce(doc -> 'address' ->> 'state', '') FROM contacts_view WHERE phone = $1 LIMIT 1";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string like_pattern(const std::string& text) {
  if (text.empty()) return "";
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "%";
}

std::string pagination(long long total, int limit, int skip) {
  return ",\"pagination\":{\"total\":" + std::to_string(total) + ",\"limit\":" + std::to_string(limit) +
         ",\"skip\":" + std::to_string(skip) + ",\"hasMore\":" + (skip + limit < total ? "true" : "false") + "}";
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

std::optional<std::string> find_message(pqxx::connection& connection, const std::string& id_or_sid) {
  pqxx::read_transaction tx(connection);
  auto rows = tx.exec_params(select_message, id_or_sid);
  if (rows.empty()) return std::nullopt;
  return std::string(rows[0][0].c_str());
}

std::string thread_of_sid(pqxx::connection& connection, const std::string& sid) {
  pqxx::read_transaction tx(connection);
  auto rows = tx.exec_params(select_thread_of_sid, sid);
  return rows.empty() ? "" : rows[0][0].c_str();
}

std::string list_messages_members(pqxx::connection& connection, const message_filter& f) {
  pqxx::read_transaction tx(connection);
  auto page = tx.exec_params1(select_message_page, f.contact_id, f.phone, f.direction, f.limit, f.skip);
  auto total = tx.exec_params1(count_messages, f.contact_id, f.phone, f.direction)[0].as<long long>();
  return std::string("\"messages\":") + page[0].c_str() + pagination(total, f.limit, f.skip);
}

std::string list_conversations_members(pqxx::connection& connection, const std::string& search, int limit, int skip) {
  auto text = lower(search);
  text.erase(0, text.find_first_not_of(' '));
  text.erase(text.find_last_not_of(' ') + 1);
  auto digits = domain::digits_of(text);
  auto text_pattern = like_pattern(text);
  auto digit_pattern = digits.size() >= 3 ? like_pattern(digits) : "";
  pqxx::read_transaction tx(connection);
  auto page = tx.exec_params1(select_conversation_page, text_pattern, digit_pattern, limit, skip);
  auto total = tx.exec_params1(count_conversations, text_pattern, digit_pattern)[0].as<long long>();
  return std::string("\"conversations\":") + page[0].c_str() + pagination(total, limit, skip);
}

std::string consent_history_members(pqxx::connection& connection, const std::string& phone) {
  pqxx::read_transaction tx(connection);
  auto stream = "thread-" + phone;
  std::string events = tx.exec_params1(select_consent_events, stream)[0].c_str();
  auto last = tx.exec_params(select_consent_state, stream);
  std::string state = last.empty() ? "none" : std::string(last[0][0].c_str()) == "ConsentGranted" ? "opted_in" : "opted_out";
  return "\"phoneNumber\":" + quote(phone) + ",\"state\":\"" + state + "\",\"events\":" + events;
}

std::string changes_after_members(pqxx::connection& connection, std::int64_t after, int limit) {
  pqxx::read_transaction tx(connection);
  std::int64_t position = after;
  std::string changes = "[";
  bool first = true;
  for (auto row : tx.exec_params(select_changes, after, limit)) {
    position = row[0].as<std::int64_t>();
    std::string stream = row[1].c_str(), type = row[2].c_str(), message = row[3].c_str(), contact = row[4].c_str();
    std::string change;
    if (stream.rfind("contact-", 0) == 0) {
      change = "{\"kind\":\"contact\",\"contactId\":" + quote(stream.substr(8)) + "}";
    } else if (stream.rfind("thread-", 0) == 0) {
      auto phone = quote(stream.substr(7));
      bool is_message = type.find("Message") != std::string::npos;
      change = is_message ? "{\"kind\":\"message\",\"phoneNumber\":" + phone + ",\"messageId\":" + quote(message) + "}"
                          : "{\"kind\":\"conversation\",\"phoneNumber\":" + phone +
                                (contact.empty() ? "" : ",\"contactId\":" + quote(contact)) + "}";
    } else {
      continue;
    }
    changes += (first ? "" : ",") + change;
    first = false;
  }
  changes += "]";
  if (position == after) position = std::max(after, tx.exec1(select_head)[0].as<std::int64_t>());
  return "\"position\":" + std::to_string(position) + ",\"changes\":" + changes;
}

std::vector<std::string> threads_with_unresolved_sends(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  std::vector<std::string> phones;
  for (auto row : tx.exec(select_unresolved)) phones.push_back(row[0].c_str());
  return phones;
}

std::string contact_state_of(pqxx::connection& connection, const std::string& phone) {
  pqxx::read_transaction tx(connection);
  auto rows = tx.exec_params(select_contact_state, phone);
  return rows.empty() ? "" : rows[0][0].c_str();
}

}  // namespace crm::projections
