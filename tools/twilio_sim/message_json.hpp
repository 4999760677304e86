#pragma once
// Twilio's JSON shapes, written exactly as the REST API writes them: counts and prices as
// strings, RFC 2822 dates, null where Twilio sends null, relative uris.

#include <string>
#include <vector>

#include "tools/twilio_sim/message_store.hpp"

namespace crm::twilio_sim {

/// A Message resource.
std::string message_json(const sim_message& message);

/// A JSON array of Message resources (for /sim/messages).
std::string message_array_json(const std::vector<sim_message>& messages);

/// A List reply: messages plus page, page_size, start, end, uri, first/next/previous_page_uri.
/// `path` is ".../Messages.json"; the page uris repeat the filters, URL-encoded.
std::string message_list_json(const list_result& result, const list_query& query, const std::string& path);

/// Twilio's error body: {"code","message","more_info","status"}.
std::string error_json(int code, const std::string& message, int status);

}  // namespace crm::twilio_sim
