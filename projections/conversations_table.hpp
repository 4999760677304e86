#pragma once
// conversations_view's row as the conversations projection folds it, and its columns
// (projections/row_table.hpp). Only projections/conversations_projection.cpp includes it.

#include <string>

#include "projections/row_table.hpp"

namespace crm::projections::conversations {

struct conversation_row {
  std::string phone;
  nullable_text contact_id, last_message_id, last_body, last_direction, last_status, last_at;
  long long unread_count = 0, message_count = 0;
  std::string opt_in_status = "none";
  nullable_text last_read_at;
  long long position = 0;
  bool stopped_by_keyword = false;  ///< the consent ledger's carrier block (domain/consent_ledger.hpp)
  nullable_text possible_opt_out;   ///< JSON {messageSid, text, phrase, flaggedAt} while unresolved (a text column)
  bool stored = false;              ///< the row is in the table already
  bool changed = false;
};

// A batch writes whole rows: every column but the key is updated.
inline const auto conversations_table = make_row_table(
    "conversations_view", col("phone", "text", &conversation_row::phone, on_conflict::key),
    col("contact_id", "uuid", &conversation_row::contact_id, on_conflict::updated),
    col("last_message_id", "text", &conversation_row::last_message_id, on_conflict::updated),
    col("last_body", "text", &conversation_row::last_body, on_conflict::updated),
    col("last_direction", "text", &conversation_row::last_direction, on_conflict::updated),
    col("last_status", "text", &conversation_row::last_status, on_conflict::updated),
    col("last_at", "timestamptz", &conversation_row::last_at, on_conflict::updated),
    col("unread_count", "int", &conversation_row::unread_count, on_conflict::updated),
    col("message_count", "int", &conversation_row::message_count, on_conflict::updated),
    col("opt_in_status", "text", &conversation_row::opt_in_status, on_conflict::updated),
    col("last_read_at", "timestamptz", &conversation_row::last_read_at, on_conflict::updated),
    col("position", "bigint", &conversation_row::position, on_conflict::updated),
    col("stopped_by_keyword", "boolean", &conversation_row::stopped_by_keyword, on_conflict::updated),
    col("possible_opt_out", "text", &conversation_row::possible_opt_out, on_conflict::updated));

}  // namespace crm::projections::conversations
