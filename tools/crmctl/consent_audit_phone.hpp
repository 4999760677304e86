#pragma once
// The consent audit of one phone number, folded from its thread stream (`thread-<E.164>`) in
// log order. The consent rules are not restated here: the ledger is domain::evolve'd from
// domain::consent_event_from, and each send is judged by domain::decide_send.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/consent_ledger.hpp"
#include "domain/thread_events.hpp"
#include "eventlog/event.hpp"

namespace crm::cli {

/// A grant, revocation or opt-in request, with the evidence its event recorded.
struct consent_entry {
  std::int64_t position = 0;
  std::string event_id;
  std::string kind;         ///< "granted", "revoked", "opt_in_requested"
  std::string source;       ///< "checkbox", "keyword", "agent" (empty for opt-in requests)
  std::string at;           ///< the time the event states (ISO 8601)
  std::string recorded_at;  ///< the log's time (ISO 8601)
  std::string evidence;     ///< the event's data, a JSON object as recorded
};

/// One OutboundMessageRequested to the number and whether consent covered it.
struct audited_message {
  std::int64_t position = 0;
  std::string message_id;
  std::string purpose;  ///< as recorded; "conversational" when the event names none
  std::string requested_at;
  std::string sent_by;
  std::string sent_at;  ///< when Twilio accepted it; empty when it never did
  std::string sid;
  std::string status;  ///< the last status recorded ("requested" when none)
  bool covered = false;
  std::string basis;                        ///< "consent", "opt_in_request" or "keyword_confirmation" (covered)
  std::string reason;                       ///< decide_send's refusal code (not covered)
  std::optional<consent_entry> covered_by;  ///< the grant in force, when consent was the basis
  std::string consent_status;               ///< the number's status just before the request
};

/// Everything the audit says about one number.
struct phone_audit {
  std::string phone;
  std::vector<consent_entry> timeline;
  std::vector<audited_message> messages;
  std::string status_at;                     ///< consent status at the audit time
  std::optional<consent_entry> in_force_at;  ///< the grant or revocation deciding it, if any
  /// How many messages consent did not cover.
  std::size_t uncovered() const;
};

/// Folds one number's thread events (in position order) into its audit.
class consent_audit_phone {
public:
  /// `at`: the time the state is reported for; `since`: messages requested before it are not listed.
  consent_audit_phone(std::string phone, domain::instant at, std::optional<domain::instant> since);

  /// Applies the next event of the number's thread stream.
  void apply(const eventlog::recorded_event& event);

  /// The audit so far.
  const phone_audit& result() const { return audit_; }

private:
  void on_consent(const eventlog::recorded_event& event, const domain::thread_event& decoded,
                  const domain::consent_event& consent);
  void on_requested(const eventlog::recorded_event& event, const domain::events::outbound_message_requested& requested);
  /// The audited message `message_id`, or nullptr when the audit does not hold it.
  audited_message* audited(const std::string& message_id);

  domain::instant at_;
  std::optional<domain::instant> since_;
  domain::consent_ledger ledger_;
  domain::consent_ledger ledger_at_;
  std::optional<consent_entry> grant_in_force_;
  phone_audit audit_;
  std::map<std::string, std::size_t> message_index_;  ///< message id -> audit_.messages index
};

}  // namespace crm::cli
