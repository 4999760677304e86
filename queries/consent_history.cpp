#include "queries/consent_history.hpp"

#include <rapidjson/document.h>

#include "domain/thread_events.hpp"
#include "domain/thread_state.hpp"
#include "eventlog/log_reader.hpp"
#include "queries/query_support.hpp"

namespace crm::queries {
namespace {

namespace ev = domain::events;

// One entry of `events`: the event's data as the log holds it (jsonb's text, untouched) with
// its type, position and time added in front; a member of the data by one of those names wins,
// as PostgreSQL's `jsonb || jsonb` would have it.
std::string history_entry(const eventlog::recorded_event& event) {
  rapidjson::Document data;
  data.Parse(event.data.c_str(), event.data.size());
  bool object = !data.HasParseError() && data.IsObject();
  auto ours = [&](const char* name) { return !object || !data.HasMember(name); };
  std::string entry = "{";
  auto add = [&](const char* name, const std::string& json) {
    if (!ours(name)) return;
    if (entry.size() > 1) entry += ",";
    entry += json_string(name) + ":" + json;
  };
  add("type", json_string(event.type));
  add("position", std::to_string(event.position));
  add("recordedAt", json_string(event.recorded_at));
  if (object && data.MemberCount() > 0) {
    auto first = event.data.find('{');
    entry += (entry.size() > 1 ? ", " : "") + event.data.substr(first + 1);  // its members and the closing brace
    return entry;
  }
  return entry + "}";
}

}  // namespace

std::string consent_history_members(pqxx::connection& connection, const std::string& phone) {
  pqxx::nontransaction tx(connection);
  auto events = eventlog::stream_events_of_types(
      tx, "thread-" + phone,
      {std::string(ev::consent_granted::type), std::string(ev::consent_revoked::type),
       std::string(ev::opt_in_requested::type)});
  std::string entries = "[";
  // The state by the domain's own fold: after STOP, a grant other than START, YES or UNSTOP
  // leaves the number opted out (consent_ledger.hpp).
  domain::consent_ledger ledger;
  for (auto& event : events) {
    entries += (entries.size() > 1 ? ", " : "") + history_entry(event);
    if (event.type == ev::opt_in_requested::type) continue;
    if (auto decoded = domain::decode_thread_event(event.type, event.data, event.position))
      if (auto change = domain::consent_event_from(*decoded)) domain::evolve(ledger, *change);
  }
  entries += "]";
  return "\"phoneNumber\":" + json_string(phone) + ",\"state\":\"" + domain::consent_status_name(ledger.status) +
         "\",\"events\":" + entries;
}

}  // namespace crm::queries
