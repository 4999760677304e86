#include "queries/changes.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "eventlog/log_reader.hpp"

namespace crm::queries {
namespace {

using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;

void string(json_writer& w, const char* key, const std::string& value, std::size_t from = 0) {
  w.Key(key);
  w.String(value.c_str() + from, static_cast<rapidjson::SizeType>(value.size() - from));
}

// A change by what its stream is about: a contact, a thread's message, or the rest of a
// thread (its conversation); nothing for a stream of neither kind.
void write_change(json_writer& w, const eventlog::change_row& row) {
  constexpr std::size_t contact_prefix = 8, thread_prefix = 7;  // "contact-", "thread-"
  if (row.stream_id.rfind("contact-", 0) == 0) {
    w.StartObject();
    string(w, "kind", "contact");
    string(w, "contactId", row.stream_id, contact_prefix);
  } else if (row.stream_id.rfind("thread-", 0) == 0) {
    bool is_message = row.type.find("Message") != std::string::npos;
    w.StartObject();
    string(w, "kind", is_message ? "message" : "conversation");
    string(w, "phoneNumber", row.stream_id, thread_prefix);
    if (is_message) string(w, "messageId", row.message_id);
    else if (!row.contact_id.empty()) string(w, "contactId", row.contact_id);
  } else {
    return;
  }
  w.EndObject();
}

}  // namespace

std::string changes_after_members(pqxx::connection& connection, std::int64_t after, int limit) {
  pqxx::read_transaction tx(connection);
  std::int64_t position = after;
  rapidjson::StringBuffer changes;
  json_writer w(changes);
  w.StartArray();
  for (auto& row : eventlog::changes_after(tx, after, limit)) {
    position = row.position;
    write_change(w, row);
  }
  w.EndArray();
  // Nothing after `after`: answer the head, even below `after`. A client holding a position the
  // log never reached (a restore, another database) was told its own position back, and waited
  // for events that would never come.
  if (position == after) position = eventlog::head_position(tx);
  return "\"position\":" + std::to_string(position) + ",\"changes\":" + changes.GetString();
}

}  // namespace crm::queries
