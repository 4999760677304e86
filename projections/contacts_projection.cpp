#include "projections/contacts_projection.hpp"

#include <algorithm>
#include <cctype>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "domain/contact.hpp"
#include "domain/phone_number.hpp"

namespace crm::projections {
namespace {

using rapidjson::Document;
using rapidjson::Value;

// Fields every Contact document has, so clients never meet a missing key.
constexpr const char* contact_defaults = R"({"email":"","address":{},"source":"","status":"new","tags":[],
"interests":{},"preferences":{"smsOptIn":false,"emailOptIn":false,"callOptIn":false},
"consent":{"marketingConsent":false,"tcpaConsent":false,"consentDate":null,"consentIp":null},
"notes":"","lastContactDate":null,"lastContactMethod":null,"assignedAgent":null})";

constexpr const char* upsert_contact =
    "INSERT INTO contacts_view (id, first_name, last_name, email, phone, status, tags, sms_opt_in, search_text, doc, "
    "created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, ARRAY(SELECT jsonb_array_elements_text($7::jsonb)), $8, $9, $10::jsonb, $11, $12) "
    "ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, "
    "email = EXCLUDED.email, phone = EXCLUDED.phone, status = EXCLUDED.status, tags = EXCLUDED.tags, "
    "sms_opt_in = EXCLUDED.sms_opt_in, search_text = EXCLUDED.search_text, doc = EXCLUDED.doc, "
    "updated_at = EXCLUDED.updated_at";
constexpr const char* select_contact_doc = "SELECT doc::text FROM contacts_view WHERE id = $1";
constexpr const char* delete_contact = "DELETE FROM contacts_view WHERE id = $1";
constexpr const char* select_contact_by_phone = "SELECT doc::text FROM contacts_view WHERE phone = $1";

std::string to_text(const Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  v.Accept(w);
  return buffer.GetString();
}

std::string str(const Value& doc, const char* name) {
  auto it = doc.FindMember(name);
  return it != doc.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

void write_row(pqxx::work& tx, const Document& doc) {
  bool sms_opt_in = false;
  if (auto p = doc.FindMember("preferences"); p != doc.MemberEnd() && p->value.IsObject())
    if (auto s = p->value.FindMember("smsOptIn"); s != p->value.MemberEnd() && s->value.IsBool()) sms_opt_in = s->value.GetBool();
  std::string tags = "[]";
  if (auto t = doc.FindMember("tags"); t != doc.MemberEnd() && t->value.IsArray()) tags = to_text(t->value);
  auto first = str(doc, "firstName"), last = str(doc, "lastName"), email = str(doc, "email"), phone = str(doc, "phone");
  auto search = lower(first + " " + last + " " + email) + " " + domain::digits_of(phone);
  tx.exec_params0(upsert_contact, str(doc, "_id"), first, last, email, phone, str(doc, "status"), tags, sms_opt_in,
                  search, to_text(doc), str(doc, "createdAt"), str(doc, "updatedAt"));
}

Document parse(const std::string& json) {
  Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError() || !d.IsObject()) d.SetObject();
  return d;
}

void on_created(pqxx::work& tx, const Document& data) {
  auto it = data.FindMember("contact");
  if (it == data.MemberEnd() || !it->value.IsObject()) return;
  Document doc = parse(contact_defaults);
  auto& a = doc.GetAllocator();
  for (auto& m : it->value.GetObject()) {
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
  write_row(tx, doc);
}

void on_updated(pqxx::work& tx, const eventlog::recorded_event& event, const std::string& id) {
  auto rows = tx.exec_params(select_contact_doc, id);
  if (rows.empty()) return;
  // The domain's own evolve merges the changes, so the read model and the actor agree.
  domain::contact_state state;
  state.document = rows[0][0].c_str();
  domain::evolve(state, event.type, event.data);
  write_row(tx, parse(state.document));
}

// Consent lives on the number's thread; the contact holding the number shows it.
void on_consent(pqxx::work& tx, const Document& data, bool granted) {
  auto phone = str(data, "phone");
  auto rows = tx.exec_params(select_contact_by_phone, phone);
  if (rows.empty()) return;
  Document doc = parse(rows[0][0].c_str());
  auto& a = doc.GetAllocator();
  if (!doc.HasMember("preferences") || !doc["preferences"].IsObject()) doc.AddMember("preferences", Value(rapidjson::kObjectType), a);
  auto& prefs = doc["preferences"];
  if (prefs.HasMember("smsOptIn")) prefs["smsOptIn"].SetBool(granted);
  else prefs.AddMember("smsOptIn", granted, a);
  Value consent(rapidjson::kObjectType);
  consent.AddMember("marketingConsent", granted, a);
  consent.AddMember("tcpaConsent", granted, a);
  auto at = str(data, "at"), ip = str(data, "ip");
  if (granted) {
    consent.AddMember("consentDate", Value(at.c_str(), a), a);
    consent.AddMember("consentIp", ip.empty() ? Value(rapidjson::kNullType) : Value(ip.c_str(), a), a);
    consent.AddMember("consentSource", Value(str(data, "source").c_str(), a), a);
  } else {
    consent.AddMember("consentDate", Value(rapidjson::kNullType), a);
    consent.AddMember("consentIp", Value(rapidjson::kNullType), a);
    consent.AddMember("revokedAt", Value(at.c_str(), a), a);
    consent.AddMember("revokedSource", Value(str(data, "source").c_str(), a), a);
  }
  if (doc.HasMember("consent")) doc["consent"] = consent;
  else doc.AddMember("consent", consent, a);
  write_row(tx, doc);
}

}  // namespace

namespace {
void apply_one(pqxx::work& tx, const eventlog::recorded_event& event) {
  auto& type = event.type;
  if (type != "ContactCreated" && type != "ContactUpdated" && type != "ContactDeleted" && type != "ConsentGranted" &&
      type != "ConsentRevoked")
    return;
  Document data = parse(event.data);
  if (type == "ContactCreated") return on_created(tx, data);
  if (type == "ContactUpdated") return on_updated(tx, event, str(data, "contactId"));
  if (type == "ContactDeleted") {
    tx.exec_params0(delete_contact, str(data, "contactId"));
    return;
  }
  on_consent(tx, data, type == "ConsentGranted");
}

}  // namespace

void contacts_projection::apply_batch(pqxx::work& tx, const eventlog::event_list& events) {
  for (auto& event : events) apply_one(tx, event);
}

}  // namespace crm::projections
