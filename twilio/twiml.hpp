#pragma once
// TwiML replies to an inbound webhook, byte for byte as twilio-contract.md shows them.

#include <string>
#include <string_view>
#include <vector>

namespace crm::twilio {

/// The Content-Type every TwiML reply must carry (Twilio treats a missing one as an error).
inline constexpr std::string_view twiml_content_type = "text/xml";

/// `<?xml version="1.0" encoding="UTF-8"?><Response />`: acknowledge, send nothing back.
std::string twiml_empty();

/// A response with one <Message> per reply, each body XML-escaped.
std::string twiml_messages(const std::vector<std::string>& replies);

/// A response with a single <Message>.
std::string twiml_message(std::string_view reply);

/// Escapes & < > " ' and drops bytes XML 1.0 forbids (control characters other than tab,
/// LF and CR), which would otherwise make Twilio reject the whole reply.
std::string xml_escape(std::string_view text);

}  // namespace crm::twilio
