#pragma once
// messages_view's row as the messages projection folds it, and its columns
// (projections/row_table.hpp). Only projections/messages_projection.cpp includes it.

#include <string>

#include "projections/row_table.hpp"

namespace crm::projections::messages {

struct message_row {
  nullable_text id, thread_phone, sid, direction, from_number, to_number, body;
  std::string media_urls = "[]";
  nullable_text status, error_code, error_message, num_segments, price, price_unit, contact_id, sent_by;
  nullable_text twilio_created_at, delivered_at, created_at, sort_at;
  long long position = 0;
  bool foreign_to = false;  ///< an inbound text to a number that is not ours (webhook_routes.cpp)
  bool stored = false;      ///< the row is in the table already
  bool changed = false;     ///< the row must be written
};

// Only stored rows go through the upsert (the rows a batch makes are copied), and of those
// only what Twilio's answers change is updated.
inline const auto messages_table = make_row_table(
    "messages_view", col("id", "text", &message_row::id, on_conflict::key),
    col("thread_phone", "text", &message_row::thread_phone),
    col("sid", "text", &message_row::sid, on_conflict::updated), col("direction", "text", &message_row::direction),
    col("from_number", "text", &message_row::from_number), col("to_number", "text", &message_row::to_number),
    col("body", "text", &message_row::body), col("media_urls", "jsonb", &message_row::media_urls),
    col("status", "text", &message_row::status, on_conflict::updated),
    col("error_code", "int", &message_row::error_code, on_conflict::updated),
    col("error_message", "text", &message_row::error_message, on_conflict::updated),
    col("num_segments", "int", &message_row::num_segments, on_conflict::updated),
    col("price", "text", &message_row::price, on_conflict::updated),
    col("price_unit", "text", &message_row::price_unit, on_conflict::updated),
    col("contact_id", "uuid", &message_row::contact_id), col("sent_by", "text", &message_row::sent_by),
    col("twilio_created_at", "timestamptz", &message_row::twilio_created_at, on_conflict::updated),
    col("delivered_at", "timestamptz", &message_row::delivered_at, on_conflict::updated),
    col("created_at", "timestamptz", &message_row::created_at), col("sort_at", "timestamptz", &message_row::sort_at),
    col("position", "bigint", &message_row::position), col("foreign_to", "boolean", &message_row::foreign_to));

}  // namespace crm::projections::messages
