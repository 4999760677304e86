#pragma once
// What a command's failure says to the API's user: the stable code (api.md) and the sentence
// a person can act on, one table for every command error (actors/command_error.hpp).

#include <string>

#include "actors/command_reply.hpp"

namespace crm::http {

/// The API's stable code ("duplicate_phone", "concurrent_change", ...).
const char* code_of(actors::command_error error);

/// The sentence a person reads for `reply`'s error, with Twilio's words and code where it has them.
std::string sentence_of(const actors::command_reply& reply);

}  // namespace crm::http
