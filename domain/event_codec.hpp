#pragma once
// One codec for every event: an event is a struct that names its type and lists its fields
// once (name in the log's JSON, member, presence), and this file turns it into the log's JSON
// and back. The field list is the JSON's shape: members are written in its order, so a struct
// whose list follows what the log already holds writes the same bytes, and the hash chain and
// every reader of the log stay as they were.
//
//   struct thread_read {
//     static constexpr std::string_view type = "ThreadRead";
//     std::string phone, by, at;
//     static constexpr auto fields() {
//       return std::make_tuple(required("phone", &thread_read::phone), required("by", &thread_read::by),
//                              required("at", &thread_read::at));
//     }
//   };
//
// Reading is strict where writing is: a required field that is missing or of another type is a
// malformed_event, never a default. Members the struct does not list are ignored, so an event
// that later grows a field still reads.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "domain/domain_event.hpp"

namespace crm::domain {

/// A JSON value kept as its text: a contact's document, which the product stores as given.
struct raw_json {
  std::string text;
  bool operator==(const raw_json& other) const { return text == other.text; }
};

/// An event in the log that its type's struct cannot read. `what()` names where it is.
class malformed_event : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

namespace codec {

enum class presence {
  required,  ///< always written; reading fails without it
  optional,  ///< a std::optional member: written only when it holds a value
  nullable,  ///< a std::optional member: always written, null when empty; absent reads as empty
};

template <class Event, class Member>
struct field {
  const char* name;
  Member Event::*member;
  presence how;
};

}  // namespace codec

template <class Event, class Member>
constexpr codec::field<Event, Member> required(const char* name, Member Event::*member) {
  return {name, member, codec::presence::required};
}
template <class Event, class Member>
constexpr codec::field<Event, std::optional<Member>> optional(const char* name, std::optional<Member> Event::*member) {
  return {name, member, codec::presence::optional};
}
template <class Event, class Member>
constexpr codec::field<Event, std::optional<Member>> nullable(const char* name, std::optional<Member> Event::*member) {
  return {name, member, codec::presence::nullable};
}

namespace codec {

using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;

inline void write_value(json_writer& w, const std::string& v) {
  w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
}
inline void write_value(json_writer& w, int v) { w.Int(v); }
inline void write_value(json_writer& w, std::int64_t v) { w.Int64(v); }
inline void write_value(json_writer& w, bool v) { w.Bool(v); }
inline void write_value(json_writer& w, const raw_json& v) {
  w.RawValue(v.text.c_str(), v.text.size(), rapidjson::kObjectType);
}
inline void write_value(json_writer& w, const std::vector<std::string>& v) {
  w.StartArray();
  for (auto& item : v) write_value(w, item);
  w.EndArray();
}

inline bool read_value(const rapidjson::Value& v, std::string& out) {
  if (!v.IsString()) return false;
  out.assign(v.GetString(), v.GetStringLength());
  return true;
}
inline bool read_value(const rapidjson::Value& v, int& out) {
  if (!v.IsInt()) return false;
  out = v.GetInt();
  return true;
}
inline bool read_value(const rapidjson::Value& v, std::int64_t& out) {
  if (!v.IsInt64()) return false;
  out = v.GetInt64();
  return true;
}
inline bool read_value(const rapidjson::Value& v, bool& out) {
  if (!v.IsBool()) return false;
  out = v.GetBool();
  return true;
}
inline bool read_value(const rapidjson::Value& v, raw_json& out) {
  if (!v.IsObject()) return false;
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  v.Accept(w);
  out.text.assign(buffer.GetString(), buffer.GetSize());
  return true;
}
inline bool read_value(const rapidjson::Value& v, std::vector<std::string>& out) {
  if (!v.IsArray()) return false;
  out.clear();
  for (auto& item : v.GetArray()) {
    if (!item.IsString()) return false;
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return true;
}

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class Event, class Member>
void write_field(json_writer& w, const Event& event, const field<Event, Member>& f) {
  const auto& value = event.*(f.member);
  if constexpr (is_optional<Member>::value) {
    if (!value && f.how == presence::optional) return;
    w.Key(f.name);
    if (value) write_value(w, *value);
    else w.Null();
  } else {
    w.Key(f.name);
    write_value(w, value);
  }
}

/// Reads one field; "" when it reads, else what is wrong with it.
template <class Event, class Member>
const char* read_field(const rapidjson::Value& object, Event& event, const field<Event, Member>& f) {
  auto it = object.FindMember(f.name);
  bool absent = it == object.MemberEnd();
  if constexpr (is_optional<Member>::value) {
    auto& target = event.*(f.member);
    if (absent || it->value.IsNull()) {
      target.reset();
      return "";
    }
    typename Member::value_type value{};
    if (!read_value(it->value, value)) return "has the wrong type";
    target = std::move(value);
    return "";
  } else {
    if (absent) return "is missing";
    return read_value(it->value, event.*(f.member)) ? "" : "has the wrong type";
  }
}

}  // namespace codec

/// The log's JSON of `event`.
template <class Event>
std::string event_json(const Event& event) {
  rapidjson::StringBuffer buffer;
  codec::json_writer w(buffer);
  w.StartObject();
  std::apply([&](const auto&... f) { (codec::write_field(w, event, f), ...); }, Event::fields());
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

/// Reads `object` as an `Event`; throws malformed_event naming `where` and the field.
template <class Event>
Event read_event(const rapidjson::Value& object, const std::string& where) {
  Event event{};
  if (!object.IsObject())
    throw malformed_event(std::string(Event::type) + " " + where + ": its data is not a JSON object");
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              if (const char* problem = codec::read_field(object, event, f); *problem)
                throw malformed_event(std::string(Event::type) + " " + where + ": field '" + f.name + "' " + problem);
            }(),
            ...);
      },
      Event::fields());
  return event;
}

/// One event of any of a stream's types, encoded for the log.
template <class... Events>
domain_event encode(const std::variant<Events...>& event) {
  return std::visit([](const auto& e) { return domain_event{std::string(e.type), event_json(e)}; }, event);
}

/// An event of one of `Events`, or nullopt when `type` is none of theirs (another stream's
/// event). `position` names the event in an error (0: not from the log).
template <class Variant>
std::optional<Variant> decode(std::string_view type, std::string_view data, std::int64_t position = 0);

template <class... Events>
struct variant_decoder;

template <class... Events>
struct variant_decoder<std::variant<Events...>> {
  static std::optional<std::variant<Events...>> decode(std::string_view type, std::string_view data,
                                                       std::int64_t position) {
    if (((type != Events::type) && ...)) return std::nullopt;
    rapidjson::Document document;
    document.Parse(data.data(), data.size());
    auto where = "at position " + std::to_string(position);
    if (document.HasParseError()) throw malformed_event(std::string(type) + " " + where + ": its data is not JSON");
    std::optional<std::variant<Events...>> out;
    // The first of Events whose type it is reads it (the fold stops there).
    static_cast<void>(((type == Events::type && (out.emplace(read_event<Events>(document, where)), true)) || ...));
    return out;
  }
};

template <class Variant>
std::optional<Variant> decode(std::string_view type, std::string_view data, std::int64_t position) {
  return variant_decoder<Variant>::decode(type, data, position);
}

/// Visits with a set of lambdas: std::visit(overloaded{[](const a&) {}, [](const b&) {}}, v).
template <class... Fs>
struct overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
overloaded(Fs...) -> overloaded<Fs...>;

}  // namespace crm::domain
