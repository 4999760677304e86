#include "tools/crmctl/consent_audit_phone.hpp"

#include "domain/consent_policy.hpp"
#include "domain/iso_time.hpp"
#include "domain/quiet_hours.hpp"
#include "domain/thread_state.hpp"

namespace crm::cli {
namespace {

domain::instant time_or(const std::string& text, const std::string& fallback) {
  if (auto t = domain::parse_iso8601(text)) return *t;
  return domain::parse_iso8601(fallback).value_or(domain::instant{});
}

const char* kind_of(const std::string& type) {
  if (type == domain::events::consent_granted::type) return "granted";
  if (type == domain::events::consent_revoked::type) return "revoked";
  return "opt_in_requested";
}

}  // namespace

std::size_t phone_audit::uncovered() const {
  std::size_t n = 0;
  for (auto& m : messages) n += m.covered ? 0 : 1;
  return n;
}

consent_audit_phone::consent_audit_phone(std::string phone, domain::instant at, std::optional<domain::instant> since)
    : at_(at), since_(since) {
  audit_.phone = std::move(phone);
  audit_.status_at = domain::consent_status_name(domain::consent_status::none);
}

void consent_audit_phone::apply(const eventlog::recorded_event& event) {
  namespace ev = domain::events;
  auto decoded = domain::decode_thread_event(event.type, event.data, event.position);
  if (!decoded) return;
  if (auto consent = domain::consent_event_from(*decoded)) {
    on_consent(event, *decoded, *consent);
    return;
  }
  std::visit(domain::overloaded{
                 [&](const ev::outbound_message_requested& e) { on_requested(event, e); },
                 [&](const ev::message_accepted_by_twilio& e) {
                   if (auto* message = audited(e.message_id)) {
                     message->sent_at = e.at;
                     message->sid = e.sid;
                     if (!e.status.empty()) message->status = e.status;
                   }
                 },
                 [&](const ev::message_send_failed& e) {
                   // As the thread judged it: an opt-in request whose text failed does not start the 30-day wait.
                   domain::note_failed_send(ledger_, e.message_id);
                   if (time_or(event.recorded_at, "") <= at_) domain::note_failed_send(ledger_at_, e.message_id);
                   if (auto* message = audited(e.message_id); message && !e.status.empty()) message->status = e.status;
                 },
                 [&](const ev::message_status_changed& e) {
                   if (auto* message = audited(e.message_id); message && !e.status.empty()) message->status = e.status;
                 },
                 [](const auto&) {},
             },
             *decoded);
}

audited_message* consent_audit_phone::audited(const std::string& message_id) {
  auto found = message_index_.find(message_id);
  return found == message_index_.end() ? nullptr : &audit_.messages[found->second];
}

void consent_audit_phone::on_consent(const eventlog::recorded_event& event, const domain::thread_event& decoded,
                                     const domain::consent_event& consent) {
  namespace ev = domain::events;
  auto [source, at] = std::visit(domain::overloaded{
                                     [](const ev::consent_granted& e) { return std::pair(e.source, e.at); },
                                     [](const ev::consent_revoked& e) { return std::pair(e.source, e.at); },
                                     [](const ev::opt_in_requested& e) { return std::pair(std::string(), e.at); },
                                     [](const auto&) { return std::pair(std::string(), std::string()); },
                                 },
                                 decoded);
  consent_entry entry{event.position, event.event_id, kind_of(event.type), source, at, event.recorded_at, event.data};
  audit_.timeline.push_back(entry);
  domain::evolve(ledger_, consent);
  // The grant in force is the one that last made the number opted in; a revocation ends it.
  if (ledger_.status == domain::consent_status::opted_in && entry.kind == "granted") grant_in_force_ = entry;
  if (ledger_.status != domain::consent_status::opted_in) grant_in_force_.reset();

  // The state at the audit time is the log's, by recorded time: what the server had on record.
  if (time_or(event.recorded_at, "") <= at_) {
    domain::evolve(ledger_at_, consent);
    audit_.status_at = domain::consent_status_name(ledger_at_.status);
    if (entry.kind != "opt_in_requested") audit_.in_force_at = entry;
  }
}

void consent_audit_phone::on_requested(const eventlog::recorded_event& event,
                                       const domain::events::outbound_message_requested& requested_event) {
  audited_message m;
  m.position = event.position;
  m.message_id = requested_event.message_id;
  m.purpose = requested_event.purpose;
  if (m.purpose.empty()) m.purpose = "conversational";
  m.requested_at = requested_event.requested_at;
  m.sent_by = requested_event.sent_by;
  m.status = "requested";
  m.consent_status = domain::consent_status_name(ledger_.status);
  auto requested = time_or(m.requested_at, event.recorded_at);
  if (since_ && requested < *since_) return;

  // An unknown purpose is judged as the strictest one that needs consent: marketing.
  auto purpose = domain::parse_send_purpose(m.purpose).value_or(domain::send_purpose::marketing);
  auto verdict = domain::decide_send(ledger_, purpose, requested, domain::recipient_location{});
  // decide_send checks quiet hours last, after every consent rule passed: a quiet-hours refusal
  // therefore means consent was held (quiet hours are a sending rule, not consent).
  m.covered = verdict.allowed() || verdict.refusal == domain::refusal_reason::quiet_hours;
  if (!m.covered) {
    m.reason = verdict.reason();
  } else if (purpose == domain::send_purpose::opt_in_request) {
    m.basis = "opt_in_request";
  } else if (purpose == domain::send_purpose::keyword_confirmation) {
    m.basis = "keyword_confirmation";
  } else {
    m.basis = "consent";
    m.covered_by = grant_in_force_;
  }
  message_index_[m.message_id] = audit_.messages.size();
  audit_.messages.push_back(std::move(m));
}

}  // namespace crm::cli
