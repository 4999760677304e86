#include "domain/contact_fields.hpp"

#include <array>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "domain/phone_number.hpp"

namespace crm::domain {
namespace {

using rapidjson::Value;
using allocator = rapidjson::Document::AllocatorType;

constexpr std::array<const char*, 6> statuses = {"new", "contacted", "qualified", "nurturing", "client", "inactive"};

// Top-level fields kept as plain strings.
constexpr std::array<const char*, 8> string_fields = {
    "firstName", "lastName", "email", "source", "notes", "assignedAgent", "lastContactDate", "lastContactMethod"};

struct field_error {
  contact_input_error error;
};

[[noreturn]] void fail(std::string field, std::string message, std::string code = "invalid_field") {
  throw field_error{{std::move(field), std::move(message), std::move(code)}};
}

std::string trimmed(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

Value copy_string(const Value& v, const std::string& field, allocator& a, size_t max = 10000) {
  if (v.IsNull()) return Value("", a);
  if (!v.IsString()) fail(field, field + " must be a string");
  auto s = trimmed(std::string_view(v.GetString(), v.GetStringLength()));
  if (s.size() > max) fail(field, field + " is too long (at most " + std::to_string(max) + " characters)");
  return Value(s.c_str(), static_cast<rapidjson::SizeType>(s.size()), a);
}

Value copy_string_array(const Value& v, const std::string& field, allocator& a) {
  Value out(rapidjson::kArrayType);
  if (v.IsNull()) return out;
  if (!v.IsArray()) fail(field, field + " must be a list of strings");
  if (v.Size() > 200) fail(field, field + " has too many entries (at most 200)");
  for (auto& item : v.GetArray()) {
    auto s = copy_string(item, field, a, 200);
    if (s.GetStringLength() > 0) out.PushBack(s, a);
  }
  return out;
}

Value copy_bool(const Value& v, const std::string& field) {
  if (v.IsNull()) return Value(false);
  if (!v.IsBool()) fail(field, field + " must be true or false");
  return Value(v.GetBool());
}

Value copy_number(const Value& v, const std::string& field) {
  if (v.IsNull()) return Value(rapidjson::kNullType);
  if (!v.IsNumber()) fail(field, field + " must be a number");
  return Value(v.GetDouble());
}

template <typename F>
Value copy_object(const Value& v, const std::string& field, allocator& a, F&& per_member) {
  Value out(rapidjson::kObjectType);
  if (v.IsNull()) return out;
  if (!v.IsObject()) fail(field, field + " must be an object");
  for (auto& m : v.GetObject()) {
    std::string name(m.name.GetString(), m.name.GetStringLength());
    Value copied = per_member(name, m.value, field + "." + name);
    if (!copied.IsNull() || name == "min" || name == "max") out.AddMember(Value(name.c_str(), a), copied, a);
  }
  return out;
}

Value copy_address(const Value& v, allocator& a) {
  return copy_object(v, "address", a, [&](const std::string& name, const Value& m, const std::string& path) {
    if (name == "street" || name == "city" || name == "state" || name == "zip") return copy_string(m, path, a, 500);
    return Value(rapidjson::kNullType);
  });
}

Value copy_interests(const Value& v, allocator& a) {
  return copy_object(v, "interests", a, [&](const std::string& name, const Value& m, const std::string& path) {
    if (name == "buying" || name == "selling") return copy_bool(m, path);
    if (name == "propertyTypes" || name == "locations") return copy_string_array(m, path, a);
    if (name == "timeframe") return copy_string(m, path, a, 200);
    if (name == "priceRange")
      return copy_object(m, path, a, [&](const std::string& n, const Value& p, const std::string& pp) {
        if (n == "min" || n == "max") return copy_number(p, pp);
        return Value(rapidjson::kNullType);
      });
    return Value(rapidjson::kNullType);
  });
}

Value copy_preferences(const Value& v, allocator& a) {
  return copy_object(v, "preferences", a, [&](const std::string& name, const Value& m, const std::string& path) {
    if (name == "smsOptIn" || name == "emailOptIn" || name == "callOptIn") return copy_bool(m, path);
    if (name == "preferredContactMethod") return copy_string(m, path, a, 50);
    return Value(rapidjson::kNullType);
  });
}

contact_fields parse(std::string_view body, contact_body_mode mode, const std::string& default_region) {
  rapidjson::Document in;
  in.Parse(body.data(), body.size());
  if (in.HasParseError() || !in.IsObject()) fail("", "The request body must be a JSON object", "invalid_json");

  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  contact_fields result;

  if (mode == contact_body_mode::create)
    for (const char* required : {"firstName", "lastName", "phone"}) {
      auto it = in.FindMember(required);
      bool blank = it == in.MemberEnd() || it->value.IsNull() ||
                   (it->value.IsString() && trimmed(it->value.GetString()).empty());
      if (blank) fail(required, std::string(required) + " is required", "missing_field");
    }

  for (const char* name : string_fields) {
    auto it = in.FindMember(name);
    if (it == in.MemberEnd()) continue;
    auto value = copy_string(it->value, name, a);
    if (mode == contact_body_mode::update &&
        (std::string_view(name) == "firstName" || std::string_view(name) == "lastName") && value.GetStringLength() == 0)
      fail(name, std::string(name) + " cannot be empty", "missing_field");
    out.AddMember(Value(name, a), value, a);
  }
  if (auto it = in.FindMember("phone"); it != in.MemberEnd()) {
    if (!it->value.IsString()) fail("phone", "phone must be a string");
    auto parsed = parse_phone_number(it->value.GetString(), default_region);
    if (!parsed) fail("phone", invalid_phone_message, "invalid_phone");
    result.phone = parsed->e164;
    out.AddMember("phone", Value(parsed->e164.c_str(), a), a);
  }
  if (auto it = in.FindMember("status"); it != in.MemberEnd()) {
    if (!it->value.IsString() || !is_contact_status(it->value.GetString()))
      fail("status", "status must be one of new, contacted, qualified, nurturing, client, inactive");
    out.AddMember("status", Value(it->value.GetString(), a), a);
  } else if (mode == contact_body_mode::create) {
    out.AddMember("status", "new", a);
  }
  if (auto it = in.FindMember("tags"); it != in.MemberEnd())
    out.AddMember("tags", copy_string_array(it->value, "tags", a), a);
  if (auto it = in.FindMember("address"); it != in.MemberEnd()) out.AddMember("address", copy_address(it->value, a), a);
  if (auto it = in.FindMember("interests"); it != in.MemberEnd())
    out.AddMember("interests", copy_interests(it->value, a), a);
  if (auto it = in.FindMember("preferences"); it != in.MemberEnd()) {
    auto prefs = copy_preferences(it->value, a);
    if (auto sms = prefs.FindMember("smsOptIn"); sms != prefs.MemberEnd()) result.sms_opt_in = sms->value.GetBool();
    out.AddMember("preferences", prefs, a);
  }
  if (auto it = in.FindMember("consentWordingVersion"); it != in.MemberEnd()) {
    if (!it->value.IsString() || !consent_wording(it->value.GetString()))
      fail("consentWordingVersion", "consentWordingVersion is not a known consent wording");
    result.consent_wording_version = it->value.GetString();
  }
  if (result.sms_opt_in.value_or(false) && result.consent_wording_version.empty())
    result.consent_wording_version = current_consent_wording_version;

  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  out.Accept(w);
  result.json = buffer.GetString();
  return result;
}

}  // namespace

std::variant<contact_fields, contact_input_error> parse_contact_fields(std::string_view body, contact_body_mode mode,
                                                                       const std::string& default_region) {
  try {
    return parse(body, mode, default_region);
  } catch (const field_error& e) {
    return e.error;
  }
}

bool is_contact_status(std::string_view status) {
  for (auto s : statuses)
    if (status == s) return true;
  return false;
}

std::optional<std::string> consent_wording(std::string_view version) {
  if (version == "tcpa-v1")
    return std::string(
        "By checking this box, I agree to receive text messages about real estate listings and updates from my "
        "agent at the number provided. Message frequency varies. Msg & data rates may apply. Reply STOP to opt "
        "out, HELP for help. Consent is not a condition of purchase.");
  return std::nullopt;
}

}  // namespace crm::domain
