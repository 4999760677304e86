#include "domain/thread_state.hpp"

#include <rapidjson/document.h>

#include "domain/iso_time.hpp"

namespace crm::domain {
namespace {

std::string str(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

std::vector<std::string> strings(const rapidjson::Value& v, const char* name) {
  std::vector<std::string> out;
  auto it = v.FindMember(name);
  if (it != v.MemberEnd() && it->value.IsArray())
    for (auto& item : it->value.GetArray())
      if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
  return out;
}

std::optional<int> integer(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd() || !it->value.IsInt()) return std::nullopt;
  return it->value.GetInt();
}

instant at_of(const rapidjson::Value& v) { return parse_iso8601(str(v, "at")).value_or(instant{}); }

}  // namespace

std::optional<consent_event> consent_event_from(const std::string& type, const std::string& data) {
  rapidjson::Document d;
  d.Parse(data.c_str(), data.size());
  if (d.HasParseError() || !d.IsObject()) return std::nullopt;
  auto source = str(d, "source");
  if (type == "ConsentGranted") {
    if (source == "keyword") return consent_granted{at_of(d), keyword_evidence{str(d, "messageSid"), str(d, "text")}};
    return consent_granted{at_of(d), checkbox_evidence{str(d, "agentId"), str(d, "ip"), str(d, "userAgent"),
                                                       str(d, "wordingVersion"), str(d, "wording")}};
  }
  if (type == "ConsentRevoked") {
    if (source == "keyword") return consent_revoked{at_of(d), keyword_evidence{str(d, "messageSid"), str(d, "text")}};
    return consent_revoked{at_of(d), agent_action_evidence{str(d, "agentId"), str(d, "note")}};
  }
  if (type == "OptInRequested") return opt_in_requested{at_of(d), str(d, "messageSid"), str(d, "sentBy"), str(d, "messageId")};
  return std::nullopt;
}

void evolve(thread_state& state, const std::string& type, const std::string& data) {
  if (auto consent = consent_event_from(type, data)) {
    evolve(state.consent, *consent);
    return;
  }
  rapidjson::Document d;
  d.Parse(data.c_str(), data.size());
  if (d.HasParseError() || !d.IsObject()) return;
  if (type == "ContactLinked") {
    state.linked_contact_id = str(d, "contactId");
  } else if (type == "ContactUnlinked") {
    if (state.linked_contact_id == str(d, "contactId")) state.linked_contact_id.clear();
  } else if (type == "OutboundMessageRequested") {
    outbound_message m;
    m.message_id = str(d, "messageId");
    m.to = str(d, "to");
    m.from = str(d, "from");
    m.body = str(d, "body");
    m.media_urls = strings(d, "mediaUrls");
    m.requested_at = str(d, "requestedAt");
    m.delivery.status = "queued";
    state.outbound[m.message_id] = m;
  } else if (type == "MessageAcceptedByTwilio") {
    auto& m = state.outbound[str(d, "messageId")];
    m.sid = str(d, "sid");
    m.resolved = true;
    m.delivery = merge_status(m.delivery, {str(d, "status"), std::nullopt, ""});
    state.outbound_by_sid[m.sid] = str(d, "messageId");
    state.known_sids.insert(m.sid);
  } else if (type == "MessageSendFailed") {
    auto& m = state.outbound[str(d, "messageId")];
    m.resolved = true;
    m.delivery = merge_status(m.delivery, {"failed", integer(d, "errorCode"), str(d, "errorMessage")});
    note_failed_send(state.consent, str(d, "messageId"));
  } else if (type == "MessageStatusChanged") {
    auto it = state.outbound.find(str(d, "messageId"));
    if (it != state.outbound.end())
      it->second.delivery = merge_status(it->second.delivery, {str(d, "status"), integer(d, "errorCode"), str(d, "errorMessage")});
  } else if (type == "InboundMessageReceived" || type == "MessageImported") {
    state.known_sids.insert(str(d, "sid"));
  } else if (type == "PossibleOptOutFlagged") {
    state.possible_opt_out = possible_opt_out_flag{str(d, "messageSid"), str(d, "text"), str(d, "phrase"), at_of(d)};
  } else if (type == "PossibleOptOutResolved") {
    // A resolution names the flag it resolved, so it can never clear a newer flag it did not see.
    auto sid = str(d, "messageSid");
    if (state.possible_opt_out && (sid.empty() || sid == state.possible_opt_out->message_sid)) state.possible_opt_out.reset();
  }
}

}  // namespace crm::domain
