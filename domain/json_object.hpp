#pragma once
// Building an event's JSON object: a thin layer over RapidJSON's writer.

#include <optional>
#include <string>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::domain {

/// Accumulates members of one JSON object; text() closes it.
class json_object {
public:
  json_object() { writer_.StartObject(); }
  json_object& add(const char* name, const std::string& value) {
    writer_.Key(name);
    writer_.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    return *this;
  }
  json_object& add(const char* name, const char* value) { return add(name, std::string(value)); }
  json_object& add(const char* name, long long value) {
    writer_.Key(name);
    writer_.Int64(value);
    return *this;
  }
  json_object& add(const char* name, int value) { return add(name, static_cast<long long>(value)); }
  json_object& add(const char* name, bool value) {
    writer_.Key(name);
    writer_.Bool(value);
    return *this;
  }
  json_object& add(const char* name, const std::optional<int>& value) {
    writer_.Key(name);
    if (value) writer_.Int(*value);
    else writer_.Null();
    return *this;
  }
  json_object& add(const char* name, const std::vector<std::string>& values) {
    writer_.Key(name);
    writer_.StartArray();
    for (auto& v : values) writer_.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
    writer_.EndArray();
    return *this;
  }
  /// Adds only when value is not empty.
  json_object& add_if(const char* name, const std::string& value) { return value.empty() ? *this : add(name, value); }
  std::string text() {
    writer_.EndObject();
    return buffer_.GetString();
  }

private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_{buffer_};
};

}  // namespace crm::domain
