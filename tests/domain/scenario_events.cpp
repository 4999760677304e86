#include "scenario_events.hpp"

#include <cstdlib>
#include <type_traits>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::domain::testing {
namespace {

using rapidjson::Document;
using rapidjson::Value;

std::string text_of(const Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  v.Accept(w);
  return {buffer.GetString(), buffer.GetSize()};
}

std::string rendered(const Value& v) {
  if (v.IsString()) return {v.GetString(), v.GetStringLength()};
  if (v.IsNull()) return "null";
  if (v.IsArray()) {
    std::string joined;
    for (auto& item : v.GetArray()) joined += (joined.empty() ? "" : ",") + rendered(item);
    return joined;
  }
  return text_of(v);
}

std::optional<int> integer(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  long value = std::strtol(text.c_str(), &end, 10);
  if (*end) return std::nullopt;
  return static_cast<int>(value);
}

// Every raw JSON member an empty object, so a blank event encodes as JSON.
template <class Event>
void blank_documents(Event& event) {
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              auto& member = event.*(f.member);
              if constexpr (std::is_same_v<std::decay_t<decltype(member)>, raw_json>) member.text = "{}";
            }(),
            ...);
      },
      Event::fields());
}

// The alternative of Variant whose type is `type`, default-constructed, as the log's JSON.
template <class Variant, std::size_t... I>
std::optional<std::string> blank_json(const std::string& type, std::index_sequence<I...>) {
  std::optional<std::string> out;
  static_cast<void>(((std::variant_alternative_t<I, Variant>::type == type &&
                      [&] {
                        std::variant_alternative_t<I, Variant> event{};
                        blank_documents(event);
                        out = event_json(event);
                        return true;
                      }()) ||
                     ...));
  return out;
}

void set_string(Value& object, const char* name, const std::string& value, Document::AllocatorType& a) {
  auto it = object.FindMember(name);
  if (it != object.MemberEnd() && it->value.IsString() && it->value.GetStringLength() == 0)
    it->value.SetString(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), a);
}

// What a line may leave out: the thread's number at its end, the other end ours, the line's time.
void fill_defaults(Document& d, const std::string& type, const std::map<std::string, std::string>& fields,
                   const given_defaults& defaults) {
  auto& a = d.GetAllocator();
  auto field = [&](const char* name) {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  };
  set_string(d, "phone", defaults.phone, a);
  bool towards_us = type == "InboundMessageReceived" || (type == "MessageImported" && field("direction") == "inbound");
  set_string(d, "from", towards_us ? defaults.phone : defaults.our_number, a);
  set_string(d, "to", towards_us ? defaults.our_number : defaults.phone, a);
  for (const char* time : {"at", "requestedAt", "receivedAt", "sentAt", "deletedAt"})
    set_string(d, time, defaults.at, a);
  // A received or imported text is known by its sid alone; a send's messageId is ours (m1).
  bool by_sid = type == "InboundMessageReceived" || type == "MessageImported";
  if (by_sid && !field("sid").empty()) set_string(d, "messageId", field("sid"), a);
  if (type == "MessageAcceptedByTwilio") set_string(d, "status", "queued", a);
  if (type == "MessageSendFailed") set_string(d, "status", "failed", a);
}

// value as the JSON type the blank event holds at `name` (or, for an optional member it left
// out, as the text reads: a boolean, an object, else text).
bool set_member(Document& d, const std::string& name, const std::string& value, std::string& error) {
  auto& a = d.GetAllocator();
  Value v;
  auto it = d.FindMember(name.c_str());
  bool present = it != d.MemberEnd();
  auto number = integer(value);
  if (present && it->value.IsArray()) {
    v.SetArray();
    for (std::size_t from = 0; !value.empty() && from <= value.size();) {
      auto comma = std::min(value.find(',', from), value.size());
      v.PushBack(Value(value.substr(from, comma - from).c_str(), a), a);
      from = comma + 1;
    }
  } else if ((present && (it->value.IsInt() || it->value.IsNull()) && number) ||
             (!present && name == "importRow" && number)) {
    v.SetInt(*number);
  } else if (present && it->value.IsNull() && value == "null") {
    v.SetNull();
  } else if ((present && it->value.IsBool()) || (!present && (value == "true" || value == "false"))) {
    if (value != "true" && value != "false") return (error = name + " takes true or false, not " + value), false;
    v.SetBool(value == "true");
  } else if (value.size() > 0 && value[0] == '{') {
    Document parsed(&a);
    parsed.Parse(value.c_str());
    if (parsed.HasParseError()) return (error = name + " is no JSON object: " + value), false;
    v.CopyFrom(parsed, a);
  } else {
    v.SetString(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), a);
  }
  if (present) it->value = v;
  else d.AddMember(Value(name.c_str(), a), v, a);
  return true;
}

// The JSON of `type` with the defaults and `fields`, or nullopt (error set).
template <class Variant>
std::optional<std::string> given_json(const std::string& type, const std::map<std::string, std::string>& fields,
                                      const given_defaults& defaults, std::string& error) {
  auto blank = blank_json<Variant>(type, std::make_index_sequence<std::variant_size_v<Variant>>{});
  if (!blank) return (error = "no event of this stream is called " + type), std::nullopt;
  Document d;
  d.Parse(blank->c_str());
  fill_defaults(d, type, fields, defaults);
  for (auto& [name, value] : fields)
    if (!set_member(d, name, value, error)) return std::nullopt;
  return text_of(d);
}

// Reads the JSON back as the log would; every field the line gave must survive the round trip.
template <class Variant>
std::optional<Variant> read_back(const std::string& type, const std::string& json,
                                 const std::map<std::string, std::string>& fields, std::string& error) {
  try {
    auto event = decode<Variant>(type, json);
    if (!event) return (error = "no event of this stream is called " + type), std::nullopt;
    auto written = encode(*event).data;
    for (auto& [name, value] : fields) {
      auto kept = json_field(written, name);
      if (!kept) return (error = type + " has no field " + name), std::nullopt;
      if (value[0] != '{' && *kept != value)
        return (error = type + "'s " + name + " reads back as " + *kept), std::nullopt;
    }
    return event;
  } catch (const malformed_event& e) {
    error = e.what();
    return std::nullopt;
  }
}

}  // namespace

std::optional<thread_event> given_thread_event(const std::string& type,
                                               const std::map<std::string, std::string>& fields,
                                               const given_defaults& defaults, std::string& error) {
  auto json = given_json<thread_event>(type, fields, defaults, error);
  return json ? read_back<thread_event>(type, *json, fields, error) : std::nullopt;
}

std::optional<contact_event> given_contact_event(const std::string& type,
                                                 const std::map<std::string, std::string>& fields,
                                                 const given_defaults& defaults, std::string& error) {
  auto json = given_json<contact_event>(type, fields, defaults, error);
  return json ? read_back<contact_event>(type, *json, fields, error) : std::nullopt;
}

std::optional<std::string> json_field(const std::string& json, const std::string& path) {
  Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError()) return std::nullopt;
  const Value* at = &d;
  for (std::size_t from = 0; from <= path.size();) {
    auto dot = std::min(path.find('.', from), path.size());
    auto name = path.substr(from, dot - from);
    if (!at->IsObject()) return std::nullopt;
    auto it = at->FindMember(name.c_str());
    if (it == at->MemberEnd()) return std::nullopt;
    at = &it->value;
    from = dot + 1;
  }
  return rendered(*at);
}

}  // namespace crm::domain::testing
