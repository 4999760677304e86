#include "domain/contact_document.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::domain {
namespace {

using rapidjson::Document;
using rapidjson::Value;

// Fields every Contact document has, so clients never meet a missing key.
constexpr const char* contact_defaults = R"({"email":"","address":{},"source":"","status":"new","tags":[],
"interests":{},"preferences":{"smsOptIn":false,"emailOptIn":false,"callOptIn":false},
"consent":{"marketingConsent":false,"tcpaConsent":false,"consentDate":null,"consentIp":null},
"notes":"","lastContactDate":null,"lastContactMethod":null,"assignedAgent":null})";

std::string to_text(const Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  v.Accept(w);
  return buffer.GetString();
}

Document parse(const std::string& json) {
  Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError() || !d.IsObject()) d.SetObject();
  return d;
}

// Consent lives on the number's thread; the contact holding the number shows it.
std::string with_consent(const std::string& document, bool granted, const std::string& at, const std::string& ip,
                         const std::string& source) {
  Document doc = parse(document);
  auto& a = doc.GetAllocator();
  if (!doc.HasMember("preferences") || !doc["preferences"].IsObject())
    doc.AddMember("preferences", Value(rapidjson::kObjectType), a);
  auto& prefs = doc["preferences"];
  if (prefs.HasMember("smsOptIn")) prefs["smsOptIn"].SetBool(granted);
  else prefs.AddMember("smsOptIn", granted, a);
  Value consent(rapidjson::kObjectType);
  consent.AddMember("marketingConsent", granted, a);
  consent.AddMember("tcpaConsent", granted, a);
  if (granted) {
    consent.AddMember("consentDate", Value(at.c_str(), a), a);
    consent.AddMember("consentIp", ip.empty() ? Value(rapidjson::kNullType) : Value(ip.c_str(), a), a);
    consent.AddMember("consentSource", Value(source.c_str(), a), a);
  } else {
    consent.AddMember("consentDate", Value(rapidjson::kNullType), a);
    consent.AddMember("consentIp", Value(rapidjson::kNullType), a);
    consent.AddMember("revokedAt", Value(at.c_str(), a), a);
    consent.AddMember("revokedSource", Value(source.c_str(), a), a);
  }
  if (doc.HasMember("consent")) doc["consent"] = consent;
  else doc.AddMember("consent", consent, a);
  return to_text(doc);
}

}  // namespace

std::string created_contact_document(const events::contact_created& created) {
  Document doc = parse(contact_defaults);
  Document contact = parse(created.contact.text);
  auto& a = doc.GetAllocator();
  for (auto& m : contact.GetObject()) {
    if (auto existing = doc.FindMember(m.name); existing != doc.MemberEnd()) {
      if (existing->value.IsObject() && m.value.IsObject()) {
        for (auto& inner : m.value.GetObject()) {
          if (existing->value.HasMember(inner.name)) existing->value[inner.name].CopyFrom(inner.value, a);
          else existing->value.AddMember(Value(inner.name, a), Value(inner.value, a), a);
        }
      } else {
        existing->value.CopyFrom(m.value, a);
      }
    } else {
      doc.AddMember(Value(m.name, a), Value(m.value, a), a);
    }
  }
  return to_text(doc);
}

std::string document_with_consent(const std::string& document, const events::consent_granted& granted) {
  return with_consent(document, true, granted.at, granted.ip.value_or(""), granted.source);
}

std::string document_with_consent(const std::string& document, const events::consent_revoked& revoked) {
  return with_consent(document, false, revoked.at, revoked.ip.value_or(""), revoked.source);
}

std::string created_contact_document(const contact_decision& decision) {
  std::string document;
  for (auto& e : decision.contact_events)
    if (auto* created = std::get_if<events::contact_created>(&e)) document = created_contact_document(*created);
  // A creation's consent is on its own number: every grant or revocation of the decision shows.
  for (auto& e : decision.thread_events) {
    if (auto* granted = std::get_if<events::consent_granted>(&e)) document = document_with_consent(document, *granted);
    if (auto* revoked = std::get_if<events::consent_revoked>(&e)) document = document_with_consent(document, *revoked);
  }
  return document;
}

}  // namespace crm::domain
