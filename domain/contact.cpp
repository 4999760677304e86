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

void evolve(contact_state& state, const contact_event& event) {
  std::visit(overloaded{
                 [&](const events::contact_created& e) {
                   auto contact = parse_object(e.contact.text);
                   state.exists = true;
                   state.id = e.contact_id;
                   state.phone = string_member(contact, "phone");
                   state.document = e.contact.text;
                   if (auto p = contact.FindMember("preferences"); p != contact.MemberEnd() && p->value.IsObject())
                     if (auto s = p->value.FindMember("smsOptIn"); s != p->value.MemberEnd() && s->value.IsBool())
                       state.sms_opt_in = s->value.GetBool();
                 },
                 [&](const events::contact_updated& e) {
                   auto doc = parse_object(state.document);
                   auto changes = parse_object(e.changes.text);
                   merge_into(doc, changes, doc.GetAllocator());
                   auto phone = string_member(changes, "phone");
                   if (!phone.empty()) state.phone = phone;
                   if (auto p = changes.FindMember("preferences"); p != changes.MemberEnd() && p->value.IsObject())
                     if (auto s = p->value.FindMember("smsOptIn"); s != p->value.MemberEnd() && s->value.IsBool())
                       state.sms_opt_in = s->value.GetBool();
                   state.document = to_text(doc);
                 },
                 [&](const events::contact_deleted&) { state.deleted = true; },
             },
             event);
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
  decision.contact_events.push_back(events::contact_created{id, raw_json{to_text(contact)}});
  decision.thread_events.push_back(events::contact_linked{id, decision.phone});
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
  decision.contact_events.push_back(events::contact_updated{state.id, raw_json{to_text(changes)}});

  if (decision.phone != state.phone) {
    decision.old_phone = state.phone;
    decision.old_thread_events.push_back(events::contact_unlinked{state.id, state.phone});
    decision.thread_events.push_back(events::contact_linked{state.id, decision.phone});
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
  decision.contact_events.push_back(events::contact_deleted{state.id, state.phone, ctx.now});
  decision.thread_events.push_back(events::contact_unlinked{state.id, state.phone});
  return decision;
}

events::consent_granted consent_granted_by_checkbox(const std::string& phone, const std::string& contact_id,
                                                    const std::string& wording_version, const actor_context& ctx) {
  auto version = wording_version.empty() ? std::string(current_consent_wording_version) : wording_version;
  events::consent_granted e;
  e.phone = phone;
  e.source = "checkbox";
  e.contact_id = contact_id;
  e.agent_id = ctx.user_id;
  e.agent_email = ctx.user_email;
  e.ip = ctx.ip;
  e.user_agent = ctx.user_agent;
  e.wording_version = version;
  e.wording = consent_wording(version).value_or("");
  e.at = ctx.now;
  return e;
}

events::consent_revoked consent_revoked_by_agent(const std::string& phone, const std::string& contact_id,
                                                 const actor_context& ctx, const std::string& note) {
  events::consent_revoked e;
  e.phone = phone;
  e.source = "agent";
  e.contact_id = contact_id;
  e.agent_id = ctx.user_id;
  e.agent_email = ctx.user_email;
  e.ip = ctx.ip;
  e.user_agent = ctx.user_agent;
  if (!note.empty()) e.note = note;  // agent_action_evidence's note
  e.at = ctx.now;
  return e;
}

}  // namespace crm::domain
