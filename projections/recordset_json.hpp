#pragma once
// Rows for one set-based statement: a JSON array of objects that SQL turns back into typed rows
// with jsonb_to_recordset, so a whole batch is written in one round trip. A column whose value
// is std::nullopt becomes SQL NULL.

#include <optional>
#include <string>

#include <pqxx/pqxx>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::projections {

/// A nullable SQL value as text, the way it travels to and from PostgreSQL.
using nullable_text = std::optional<std::string>;

/// The field's text, or std::nullopt for SQL NULL.
inline nullable_text nullable(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : nullable_text(std::string(f.c_str(), f.size()));
}

/// Accumulates rows; text() closes the array.
class recordset_json {
public:
  recordset_json() { writer_.StartArray(); }
  void begin_row() { writer_.StartObject(); }
  void end_row() {
    writer_.EndObject();
    ++rows_;
  }
  void column(const char* name, const nullable_text& value) {
    writer_.Key(name);
    if (value) writer_.String(value->c_str(), static_cast<rapidjson::SizeType>(value->size()));
    else writer_.Null();
  }
  void column(const char* name, const std::string& value) {
    writer_.Key(name);
    writer_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
  void column(const char* name, long long value) {
    writer_.Key(name);
    writer_.Int64(value);
  }
  void column(const char* name, bool value) {
    writer_.Key(name);
    writer_.Bool(value);
  }
  /// A column holding JSON (jsonb in SQL), written as it is.
  void raw_json(const char* name, const std::string& json) {
    writer_.Key(name);
    writer_.RawValue(json.c_str(), json.size(), rapidjson::kObjectType);
  }
  std::size_t rows() const { return rows_; }
  std::string text() {
    writer_.EndArray();
    return buffer_.GetString();
  }

private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_{buffer_};
  std::size_t rows_ = 0;
};

/// A JSON array of strings, for `col = ANY(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))`:
/// written so, the array is computed once and the lookup is an index scan, where `IN (SELECT ...)`
/// planned a hash join over a sequential scan of the whole table.
template <typename Strings>
std::string json_text_array(const Strings& items) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (auto& item : items) w.String(item.c_str(), static_cast<rapidjson::SizeType>(item.size()));
  w.EndArray();
  return buffer.GetString();
}

}  // namespace crm::projections
