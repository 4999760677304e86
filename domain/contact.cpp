#include "domain/contact.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::domain {
namespace {

using rapidjson::Document;
using rapidjson::Value;

std::string to_text(const Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  v.Accept(w);
  return buffer.GetString();
}

Document parse_object(const std::string& json) {
  Document d;
  d.Parse(json.c_str(), json.size());
  if (d.HasParseError() || !d.IsObject()) d.SetObject();
  return d;
}

std::string string_member(const Value& v, const char* name) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

// Shallow merge, one level deeper for nested objects (address, interests, preferences), so a
// PUT of {address: {city}} keeps the street.
void merge_into(Value& target, const Value& changes, Document::AllocatorType& a) {
  for (auto& m : changes.GetObject()) {
    auto it = target.FindMember(m.name);
    if (it != target.MemberEnd() && it->value.IsObject() && m.value.IsObject()) {
      merge_into(it->value, m.value, a);
    } else if (it != target.MemberEnd()) {
      it->value.CopyFrom(m.value, a);
    } else {
      target.AddMember(Value(m.name, a), Value(m.value, a), a);
    }
  }
}

}  // namespace

void evolve(contact_state& state, const std::string& type, const std::string& data) {
  auto d = parse_object(data);
  if (type == "ContactCreated") {
    state.exists = true;
    state.id = string_member(d, "contactId");
    auto& contact = d["contact"];
    state.phone = string_member(contact, "phone");
    state.document = to_text(contact);
    if (auto p = contact.FindMember("preferences"); p != contact.MemberEnd() && p->value.IsObject())
      if (auto s = p->value.FindMember("smsOptIn"); s != p->value.MemberEnd() && s->value.IsBool())
        state.sms_opt_in = s->value.GetBool();
  } else if (type == "ContactUpdated") {
    auto doc = parse_object(state.document);
    if (auto c = d.FindMember("changes"); c != d.MemberEnd() && c->value.IsObject()) {
      merge_into(doc, c->value, doc.GetAllocator());
      auto phone = string_member(c->value, "phone");
      if (!phone.empty()) state.phone = phone;
      if (auto p = c->value.FindMember("preferences"); p != c->value.MemberEnd() && p->value.IsObject())
        if (auto s = p->value.FindMember("smsOptIn"); s != p->value.MemberEnd() && s->value.IsBool())
          state.sms_opt_in = s->value.GetBool();
    }
    state.document = to_text(doc);
  } else if (type == "ContactDeleted") {
    state.deleted = true;
  }
}

contact_decision decide_create(const std::string& id, const contact_fields& fields, const actor_context& ctx) {
  contact_decision decision;
  decision.phone = fields.phone.value_or("");
  Document contact = parse_object(fields.json);
  auto& a = contact.GetAllocator();
  contact.AddMember("_id", Value(id.c_str(), a), a);
  contact.AddMember("createdAt", Value(ctx.now.c_str(), a), a);
  contact.AddMember("updatedAt", Value(ctx.now.c_str(), a), a);
  if (!ctx.user_id.empty() && !contact.HasMember("assignedAgent"))
    contact.AddMember("assignedAgent", Value(ctx.user_id.c_str(), a), a);

  Document event(rapidjson::kObjectType);
  auto& ea = event.GetAllocator();
  event.AddMember("contactId", Value(id.c_str(), ea), ea);
  event.AddMember("contact", Value(contact, ea), ea);
  decision.contact_events.push_back({"ContactCreated", to_text(event)});

  Document link(rapidjson::kObjectType);
  link.AddMember("contactId", Value(id.c_str(), link.GetAllocator()), link.GetAllocator());
  link.AddMember("phone", Value(decision.phone.c_str(), link.GetAllocator()), link.GetAllocator());
  decision.thread_events.push_back({"ContactLinked", to_text(link)});
  if (fields.sms_opt_in.value_or(false))
    decision.thread_events.push_back(
        consent_granted_by_checkbox(decision.phone, id, fields.consent_wording_version, ctx));
  return decision;
}

contact_decision decide_update(const contact_state& state, const contact_fields& fields, const actor_context& ctx) {
  contact_decision decision;
  decision.phone = fields.phone.value_or(state.phone);
  Document changes = parse_object(fields.json);
  auto& a = changes.GetAllocator();
  changes.AddMember("updatedAt", Value(ctx.now.c_str(), a), a);

  Document event(rapidjson::kObjectType);
  auto& ea = event.GetAllocator();
  event.AddMember("contactId", Value(state.id.c_str(), ea), ea);
  event.AddMember("changes", Value(changes, ea), ea);
  decision.contact_events.push_back({"ContactUpdated", to_text(event)});

  if (decision.phone != state.phone) {
    decision.old_phone = state.phone;
    Document unlink(rapidjson::kObjectType);
    unlink.AddMember("contactId", Value(state.id.c_str(), unlink.GetAllocator()), unlink.GetAllocator());
    unlink.AddMember("phone", Value(state.phone.c_str(), unlink.GetAllocator()), unlink.GetAllocator());
    decision.old_thread_events.push_back({"ContactUnlinked", to_text(unlink)});
    Document link(rapidjson::kObjectType);
    link.AddMember("contactId", Value(state.id.c_str(), link.GetAllocator()), link.GetAllocator());
    link.AddMember("phone", Value(decision.phone.c_str(), link.GetAllocator()), link.GetAllocator());
    decision.thread_events.push_back({"ContactLinked", to_text(link)});
  }
  bool opt_in_now = fields.sms_opt_in.value_or(state.sms_opt_in);
  bool phone_changed = decision.phone != state.phone;
  if (opt_in_now && (!state.sms_opt_in || phone_changed) && fields.sms_opt_in)
    decision.thread_events.push_back(
        consent_granted_by_checkbox(decision.phone, state.id, fields.consent_wording_version, ctx));
  // Consent belongs to a number: a contact moving to a new number leaves the old number's
  // consent where it is (its thread) and revokes nothing on the new one.
  if (fields.sms_opt_in && !*fields.sms_opt_in && state.sms_opt_in && !phone_changed)
    decision.thread_events.push_back(consent_revoked_by_agent(decision.phone, state.id, ctx));
  return decision;
}

contact_decision decide_delete(const contact_state& state, const actor_context& ctx) {
  contact_decision decision;
  decision.phone = state.phone;
  Document event(rapidjson::kObjectType);
  auto& a = event.GetAllocator();
  event.AddMember("contactId", Value(state.id.c_str(), a), a);
  event.AddMember("phone", Value(state.phone.c_str(), a), a);
  event.AddMember("deletedAt", Value(ctx.now.c_str(), a), a);
  decision.contact_events.push_back({"ContactDeleted", to_text(event)});
  Document unlink(rapidjson::kObjectType);
  unlink.AddMember("contactId", Value(state.id.c_str(), unlink.GetAllocator()), unlink.GetAllocator());
  unlink.AddMember("phone", Value(state.phone.c_str(), unlink.GetAllocator()), unlink.GetAllocator());
  decision.thread_events.push_back({"ContactUnlinked", to_text(unlink)});
  return decision;
}

domain_event consent_granted_by_checkbox(const std::string& phone, const std::string& contact_id,
                                         const std::string& wording_version, const actor_context& ctx) {
  Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  auto version = wording_version.empty() ? std::string(current_consent_wording_version) : wording_version;
  d.AddMember("phone", Value(phone.c_str(), a), a);
  d.AddMember("source", "checkbox", a);
  d.AddMember("contactId", Value(contact_id.c_str(), a), a);
  d.AddMember("agentId", Value(ctx.user_id.c_str(), a), a);
  d.AddMember("agentEmail", Value(ctx.user_email.c_str(), a), a);
  d.AddMember("ip", Value(ctx.ip.c_str(), a), a);
  d.AddMember("userAgent", Value(ctx.user_agent.c_str(), a), a);
  d.AddMember("wordingVersion", Value(version.c_str(), a), a);
  d.AddMember("wording", Value(consent_wording(version).value_or("").c_str(), a), a);
  d.AddMember("at", Value(ctx.now.c_str(), a), a);
  return {"ConsentGranted", to_text(d)};
}

domain_event consent_revoked_by_agent(const std::string& phone, const std::string& contact_id, const actor_context& ctx,
                                      const std::string& note) {
  Document d(rapidjson::kObjectType);
  auto& a = d.GetAllocator();
  d.AddMember("phone", Value(phone.c_str(), a), a);
  d.AddMember("source", "agent", a);
  d.AddMember("contactId", Value(contact_id.c_str(), a), a);
  d.AddMember("agentId", Value(ctx.user_id.c_str(), a), a);
  d.AddMember("agentEmail", Value(ctx.user_email.c_str(), a), a);
  d.AddMember("ip", Value(ctx.ip.c_str(), a), a);
  d.AddMember("userAgent", Value(ctx.user_agent.c_str(), a), a);
  if (!note.empty()) d.AddMember("note", Value(note.c_str(), a), a);  // agent_action_evidence's note
  d.AddMember("at", Value(ctx.now.c_str(), a), a);
  return {"ConsentRevoked", to_text(d)};
}

}  // namespace crm::domain
