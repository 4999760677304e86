#pragma once
// Reads of the messaging read models (messages_view, conversations_view) and of the log where
// the API shows evidence (consent history) or change feeds (live updates).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/pqxx>

namespace crm::projections {

/// One SMSMessage (api.md), or nullopt.
std::optional<std::string> find_message(pqxx::connection& connection, const std::string& id_or_sid);

/// The thread (E.164) a Twilio sid belongs to, or "".
std::string thread_of_sid(pqxx::connection& connection, const std::string& sid);

/// GET /api/crm/sms/messages filters.
struct message_filter {
  std::string contact_id;
  std::string phone;
  std::string direction;
  int limit = 100;
  int skip = 0;
};

/// `"messages":[...],"pagination":{...}`: the newest page first, oldest first within it.
std::string list_messages_members(pqxx::connection& connection, const message_filter& filter);

/// `"conversations":[...],"pagination":{...}`, newest activity first; `search` matches names and
/// email, digits (three or more) and message text (a term with three letters or digits in a row).
std::string list_conversations_members(pqxx::connection& connection, const std::string& search, int limit, int skip);

/// `"phoneNumber":..,"state":..,"events":[...]`: the number's consent grants, revocations and
/// opt-in requests with their evidence, read from the log itself.
std::string consent_history_members(pqxx::connection& connection, const std::string& phone);

/// `"position":N,"changes":[...]`: what changed after `after` (contacts, conversations, messages).
std::string changes_after_members(pqxx::connection& connection, std::int64_t after, int limit);

/// Numbers whose threads hold a send with no recorded outcome (for recovery after a crash).
std::vector<std::string> threads_with_unresolved_sends(pqxx::connection& connection);

/// The address state of the contact holding `phone` ("" when none), for quiet hours.
std::string contact_state_of(pqxx::connection& connection, const std::string& phone);

}  // namespace crm::projections
