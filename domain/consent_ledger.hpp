#pragma once
// The consent history of one phone number, as events and the state they fold into. A thread
// actor owns one ledger per number: it records each event in the event log, then applies it
// here; replaying the log rebuilds the same ledger. The history keeps every event with its
// evidence, because "who agreed, when, to what wording" is what an audit asks.

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace crm::domain {

/// Times in the ledger: UTC instants passed in by the caller (domain/ never reads a clock).
using instant = std::chrono::system_clock::time_point;

/// Consent given through a form checkbox (preferences.smsOptIn) by or for the texter.
struct checkbox_evidence {
  std::string user_id;  ///< the agent or user who ticked it
  std::string ip;       ///< the client's IP address
  std::string user_agent;
  std::string wording_version;  ///< which consent wording was shown
  std::string wording_text;     ///< that wording in full, as shown
};

/// A keyword the number texted in (START, OPT IN, STOP...).
struct keyword_evidence {
  std::string message_sid;  ///< Twilio's MessageSid of the inbound text
  std::string text;         ///< the body as received
};

/// An agent recorded a revocation by hand (e.g. the person asked on a call).
struct agent_action_evidence {
  std::string user_id;
  std::string note;
};

/// The number's owner agreed to receive texts.
struct consent_granted {
  instant at;
  std::variant<checkbox_evidence, keyword_evidence> evidence;
};

/// The number's owner withdrew consent (opted out).
struct consent_revoked {
  instant at;
  std::variant<keyword_evidence, agent_action_evidence> evidence;
};

/// The product sent its one opt-in request text to the number.
struct opt_in_requested {
  instant at;
  std::string message_sid;  ///< empty until Twilio answers
  std::string user_id;      ///< who asked for it
  std::string message_id;   ///< the request's text (our id), whose send may still fail
};

/// Everything that changes a number's consent.
using consent_event = std::variant<consent_granted, consent_revoked, opt_in_requested>;

/// Where a number's consent stands.
enum class consent_status { none, opted_in, opted_out };

/// "none", "opted_in" or "opted_out" (the API's optInStatus).
const char* consent_status_name(consent_status status);

/// One number's consent: the state now and the history that made it.
///
/// An opt-out keyword Twilio acts on (STOP...) blocks the number until the handset itself texts
/// START, YES or UNSTOP: Twilio refuses every send to it meanwhile (21610), so the CRM refuses
/// first. A grant in between (the agent ticks the box, the person texts OPT IN) is kept as
/// evidence, and the number stays opted out. The FCC's OPT OUT (which Twilio ignores) and an
/// agent's revocation block nothing at Twilio: a new grant ends them.
struct consent_ledger {
  consent_status status = consent_status::none;
  bool stopped_by_keyword = false;    ///< Twilio's block (sets_carrier_opt_out), until START, YES or UNSTOP
  std::optional<instant> granted_at;  ///< the grant in force, if any
  std::optional<instant> revoked_at;  ///< the latest opt-out, if any
  std::optional<instant> last_opt_in_request_at;
  std::string last_opt_in_request_message_id;    ///< its text, until that text's send fails
  std::optional<instant> opt_in_request_before;  ///< the request before it
  std::vector<consent_event> history;            ///< every event, in the order applied
};

/// Folds event into ledger (in log order; event times are evidence only). Not named apply:
/// std::apply would win overload resolution by ADL on the std::variant argument.
void evolve(consent_ledger& ledger, const consent_event& event);

/// The send of message_id failed for good. An opt-in request whose text Twilio never took
/// reached nobody, so it does not start the 30-day wait (it blocked asking again for a month).
void note_failed_send(consent_ledger& ledger, const std::string& message_id);

/// ledger with event applied.
consent_ledger evolved(consent_ledger ledger, const consent_event& event);

/// The ledger the events fold into, from an empty one.
consent_ledger replay(const std::vector<consent_event>& events);

/// The time an event carries.
instant time_of(const consent_event& event);

}  // namespace crm::domain
