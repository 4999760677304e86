#pragma once
// Reading an event's JSON data in the projections: a missing or non-string member is "", and
// "" becomes SQL NULL where a column keeps NULL for "not given".

#include <string>

#include <rapidjson/document.h>

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

}  // namespace crm::projections
