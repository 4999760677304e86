#pragma once
// What a number's thread stream (`thread-<E.164>`) has established that decisions depend on:
// which contact holds the number, the number's consent ledger, and where each message stands.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/consent_ledger.hpp"
#include "domain/message_status.hpp"
#include "domain/thread_events.hpp"

namespace crm::domain {

/// An outbound message as far as the thread must know it to decide.
struct outbound_message {
  std::string message_id;
  std::string sid;  ///< Twilio's, once accepted
  std::string to;
  std::string from;
  std::string body;
  std::vector<std::string> media_urls;
  std::string requested_at;  ///< ISO 8601
  bool resolved = false;     ///< accepted by Twilio or failed: no send is pending
  delivery_state delivery;
};

/// A text from the number that reads as a request to stop texting without being a keyword
/// ("please stop texting me"): it stands until an agent resolves it (decide_possible_opt_out_resolution).
struct possible_opt_out_flag {
  std::string message_sid;  ///< the inbound text's MessageSid
  std::string text;         ///< its body
  std::string phrase;       ///< what possible_opt_out_phrase matched in it
  instant at;
};

/// State of one number's thread.
struct thread_state {
  std::string phone;              ///< E.164
  std::string linked_contact_id;  ///< the live contact holding this number, empty when none
  consent_ledger consent;
  std::map<std::string, outbound_message> outbound;    ///< by message id
  std::map<std::string, std::string> outbound_by_sid;  ///< Twilio sid -> message id
  std::set<std::string> known_sids;  ///< every Twilio sid the thread holds (inbound, outbound, imported)
  std::optional<possible_opt_out_flag> possible_opt_out;  ///< the latest unresolved one
};

/// Applies one event of the thread's stream.
void evolve(thread_state& state, const thread_event& event);

/// The ledger's consent event a ConsentGranted, ConsentRevoked or OptInRequested describes;
/// nullopt for every other event.
std::optional<consent_event> consent_event_from(const thread_event& event);

}  // namespace crm::domain
