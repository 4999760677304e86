#pragma once
// What messaging tests do over and over: text in as Twilio would, count what reached the
// simulator, and read a message's state back through the API.

#include <string>

#include "http/server_process.hpp"
#include "twilio/form_body.hpp"

namespace crm::testing {

/// POSTs a form to `path` signed with the server's auth token (or with `signature` when given).
http_response post_signed(crm_server& server, const std::string& path, const twilio::form_params& form,
                          const std::string& signature = "");

/// A signed inbound webhook from `from` with `body`; `sid` defaults to a fresh one.
http_response text_in(crm_server& server, const std::string& from, const std::string& body, std::string sid = "");

/// A fresh Twilio-style message sid.
std::string new_sid();

/// Creates a contact on `phone`, opted in when `opt_in`; returns its id.
std::string make_contact(crm_server& server, const std::string& phone, bool opt_in, const std::string& first = "Test");

/// Messages the simulator holds addressed to `to`.
int simulator_messages_to(crm_server& server, const std::string& to);

/// Create calls the simulator received since it started.
long simulator_create_calls(crm_server& server);

/// The status of message `id_or_sid` as the API shows it ("" when unknown).
std::string message_status(crm_server& server, const std::string& phone, const std::string& id_or_sid);

}  // namespace crm::testing
