#include "domain/consent_ledger.hpp"

#include "domain/keywords.hpp"

namespace crm::domain {
namespace {

struct folder {
  consent_ledger& ledger;

  void operator()(const consent_granted& e) const {
    ledger.granted_at = e.at;
    auto* keyword = std::get_if<keyword_evidence>(&e.evidence);
    if (keyword && lifts_carrier_opt_out(keyword->text)) ledger.stopped_by_keyword = false;
    ledger.status = ledger.stopped_by_keyword ? consent_status::opted_out : consent_status::opted_in;
  }
  void operator()(const consent_revoked& e) const {
    ledger.status = consent_status::opted_out;
    ledger.granted_at.reset();
    ledger.revoked_at = e.at;
    // Only Twilio's own words block at Twilio; the FCC's OPT OUT is an opt-out that OPT IN ends.
    auto* keyword = std::get_if<keyword_evidence>(&e.evidence);
    if (keyword && sets_carrier_opt_out(keyword->text)) ledger.stopped_by_keyword = true;
  }
  void operator()(const opt_in_requested& e) const {
    ledger.opt_in_request_before = ledger.last_opt_in_request_at;
    ledger.last_opt_in_request_at = e.at;
    ledger.last_opt_in_request_message_id = e.message_id;
  }
};

}  // namespace

const char* consent_status_name(consent_status status) {
  switch (status) {
    case consent_status::opted_in: return "opted_in";
    case consent_status::opted_out: return "opted_out";
    case consent_status::none: break;
  }
  return "none";
}

void evolve(consent_ledger& ledger, const consent_event& event) {
  std::visit(folder{ledger}, event);
  ledger.history.push_back(event);
}

void note_failed_send(consent_ledger& ledger, const std::string& message_id) {
  if (message_id.empty() || message_id != ledger.last_opt_in_request_message_id) return;
  ledger.last_opt_in_request_at = ledger.opt_in_request_before;
  ledger.last_opt_in_request_message_id.clear();
}

consent_ledger evolved(consent_ledger ledger, const consent_event& event) {
  evolve(ledger, event);
  return ledger;
}

consent_ledger replay(const std::vector<consent_event>& events) {
  consent_ledger ledger;
  for (const auto& event : events) evolve(ledger, event);
  return ledger;
}

instant time_of(const consent_event& event) {
  return std::visit([](const auto& e) { return e.at; }, event);
}

}  // namespace crm::domain
