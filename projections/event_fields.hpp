#pragma once
// Reading an event's JSON data in the projections: a missing or non-string member is "", and
// "" becomes SQL NULL where a column keeps NULL for "not given".

#include <string>

#include <rapidjson/document.h>

#include "eventlog/uuid.hpp"
#include "projections/recordset_json.hpp"

namespace crm::projections {

/// The string member `name` of `object`, or "" when it is missing or not a string.
inline std::string string_member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

/// `text`, or SQL NULL when it is empty.
inline nullable_text non_empty(std::string text) {
  return text.empty() ? std::nullopt : nullable_text(std::move(text));
}

/// The uuid member `name` (a contact id), or SQL NULL when it is missing or not a uuid. The log
/// is never rewritten, and a value its column refuses would stop the projector at that event for
/// good (it retries the batch forever): up to 2026-12-06 the send API wrote any string the
/// client gave as `contactId`. Such a message reads as linked to no contact.
inline nullable_text uuid_member(const rapidjson::Value& object, const char* name) {
  auto text = string_member(object, name);
  return eventlog::is_uuid(text) ? nullable_text(std::move(text)) : std::nullopt;
}

}  // namespace crm::projections
