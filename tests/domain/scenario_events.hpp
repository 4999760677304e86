#pragma once
// A thread scenario's `given` events, built the way the log would hand them over: the type's
// struct with its required fields blank, a few defaults (the stream's number, the line's time),
// the line's key=value fields (named as the log's JSON names them), then encoded and read back
// through the codec. So a given event is exactly as typed, and a misspelt field is an error.

#include <map>
#include <optional>
#include <string>

#include "domain/contact_events.hpp"
#include "domain/thread_events.hpp"

namespace crm::domain::testing {

/// What a `given` line leaves out.
struct given_defaults {
  std::string phone;       ///< the thread's number: `phone`, and `to`/`from` towards it
  std::string our_number;  ///< the product's number: the other end
  std::string at;          ///< the line's time (ISO 8601), for the type's time field
};

/// The thread event named `type` with `fields`; nullopt with `error` set when it does not read.
std::optional<thread_event> given_thread_event(const std::string& type,
                                               const std::map<std::string, std::string>& fields,
                                               const given_defaults& defaults, std::string& error);

/// The contact event named `type` with `fields`; nullopt with `error` set when it does not read.
std::optional<contact_event> given_contact_event(const std::string& type,
                                                 const std::map<std::string, std::string>& fields,
                                                 const given_defaults& defaults, std::string& error);

/// The member at a '.'-separated path of a JSON object, as a scenario writes it: text as is,
/// numbers and booleans as JSON spells them, null as "null", an array as its items joined by
/// ','; nullopt when absent.
std::optional<std::string> json_field(const std::string& json, const std::string& path);

}  // namespace crm::domain::testing
