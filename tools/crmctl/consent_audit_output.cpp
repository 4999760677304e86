#include "tools/crmctl/consent_audit_output.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace crm::cli {
namespace {

using json_writer = rapidjson::Writer<rapidjson::StringBuffer>;

void string_or_null(json_writer& w, const char* key, const std::string& value) {
  w.Key(key);
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  }
}

void entry_json(json_writer& w, const consent_entry& e, bool with_evidence) {
  w.StartObject();
  w.Key("position");
  w.Int64(e.position);
  w.Key("eventId");
  w.String(e.event_id.c_str());
  w.Key("kind");
  w.String(e.kind.c_str());
  string_or_null(w, "source", e.source);
  string_or_null(w, "at", e.at);
  w.Key("recordedAt");
  w.String(e.recorded_at.c_str());
  if (with_evidence) {
    w.Key("evidence");
    w.RawValue(e.evidence.c_str(), e.evidence.size(), rapidjson::kObjectType);
  }
  w.EndObject();
}

void message_json(json_writer& w, const audited_message& m, const std::string* phone) {
  w.StartObject();
  if (phone) string_or_null(w, "phone", *phone);
  w.Key("position");
  w.Int64(m.position);
  string_or_null(w, "messageId", m.message_id);
  w.Key("purpose");
  w.String(m.purpose.c_str());
  string_or_null(w, "requestedAt", m.requested_at);
  string_or_null(w, "sentAt", m.sent_at);
  string_or_null(w, "sid", m.sid);
  w.Key("status");
  w.String(m.status.c_str());
  string_or_null(w, "sentBy", m.sent_by);
  w.Key("consentStatus");
  w.String(m.consent_status.c_str());
  w.Key("covered");
  w.Bool(m.covered);
  string_or_null(w, "basis", m.basis);
  string_or_null(w, "reason", m.reason);
  w.Key("coveredBy");
  if (m.covered_by) {
    entry_json(w, *m.covered_by, false);
  } else {
    w.Null();
  }
  w.EndObject();
}

std::string message_line(const audited_message& m) {
  std::string line = "  #" + std::to_string(m.position) + " " + m.message_id + " " + m.purpose + " requested " +
                     m.requested_at + (m.sent_at.empty() ? "" : ", sent " + m.sent_at) + " [" + m.status + "]: ";
  if (!m.covered) return line + "NOT COVERED (" + m.reason + ", consent " + m.consent_status + ")\n";
  if (m.basis != "consent") return line + "covered (" + m.basis + ", needs no prior grant)\n";
  return line + "covered by grant #" + (m.covered_by ? std::to_string(m.covered_by->position) : "?") + "\n";
}

}  // namespace

std::string phone_audit_json(const phone_audit& audit, const std::string& at) {
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  w.StartObject();
  w.Key("version");
  w.Int(1);
  w.Key("phone");
  w.String(audit.phone.c_str());
  w.Key("at");
  w.String(at.c_str());
  w.Key("statusAt");
  w.String(audit.status_at.c_str());
  w.Key("inForceAt");
  if (audit.in_force_at) {
    entry_json(w, *audit.in_force_at, false);
  } else {
    w.Null();
  }
  w.Key("timeline");
  w.StartArray();
  for (auto& e : audit.timeline) entry_json(w, e, true);
  w.EndArray();
  w.Key("messages");
  w.StartArray();
  for (auto& m : audit.messages) message_json(w, m, nullptr);
  w.EndArray();
  w.Key("summary");
  w.StartObject();
  w.Key("messages");
  w.Uint64(audit.messages.size());
  w.Key("uncovered");
  w.Uint64(audit.uncovered());
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString()) + "\n";
}

std::string phone_audit_text(const phone_audit& audit, const std::string& at) {
  std::string out = "consent audit of " + audit.phone + "\n\ntimeline:\n";
  if (audit.timeline.empty()) out += "  (no consent events)\n";
  for (auto& e : audit.timeline)
    out += "  #" + std::to_string(e.position) + " " + e.at + " " + e.kind +
           (e.source.empty() ? "" : " (" + e.source + ")") + " " + e.evidence + "\n";
  out += "\nstatus at " + at + ": " + audit.status_at;
  if (audit.in_force_at) out += " (event #" + std::to_string(audit.in_force_at->position) + ")";
  out += "\n\nmessages:\n";
  if (audit.messages.empty()) out += "  (none)\n";
  for (auto& m : audit.messages) out += message_line(m);
  out += "\n" + std::to_string(audit.messages.size()) + " message(s), " + std::to_string(audit.uncovered()) +
         " not covered by consent\n";
  return out;
}

std::string all_audit_json(const audit_summary& summary, const std::vector<phone_audit>& exceptions,
                           const std::string& at, const std::optional<std::string>& since) {
  rapidjson::StringBuffer buffer;
  json_writer w(buffer);
  w.StartObject();
  w.Key("version");
  w.Int(1);
  w.Key("at");
  w.String(at.c_str());
  string_or_null(w, "since", since.value_or(""));
  w.Key("summary");
  w.StartObject();
  w.Key("numbers");
  w.Uint64(summary.numbers);
  w.Key("messages");
  w.Uint64(summary.messages);
  w.Key("uncovered");
  w.Uint64(summary.uncovered);
  w.EndObject();
  w.Key("exceptions");
  w.StartArray();
  for (auto& audit : exceptions)
    for (auto& m : audit.messages)
      if (!m.covered) message_json(w, m, &audit.phone);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString()) + "\n";
}

std::string all_audit_text(const audit_summary& summary, const std::vector<phone_audit>& exceptions,
                           const std::string& at, const std::optional<std::string>& since) {
  std::string out = "consent audit of every number at " + at + (since ? ", messages since " + *since : "") + "\n";
  out += std::to_string(summary.numbers) + " number(s), " + std::to_string(summary.messages) + " message(s), " +
         std::to_string(summary.uncovered) + " not covered by consent\n";
  for (auto& audit : exceptions) {
    out += "\n" + audit.phone + ":\n";
    for (auto& m : audit.messages)
      if (!m.covered) out += message_line(m);
  }
  return out;
}

}  // namespace crm::cli
