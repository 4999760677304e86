#pragma once
// The two spellings of a URL Twilio may have signed: without its port, and with the scheme's
// default port. Only the authority changes; path and query are kept byte for byte.

#include <string>
#include <string_view>

namespace crm::twilio {

/// The URL with any ":port" removed from the authority.
std::string url_without_port(std::string_view url);

/// The URL with ":443" (https) or ":80" (http) added when it has no port; unchanged when it
/// already has one or the scheme has no known default.
std::string url_with_default_port(std::string_view url);

}  // namespace crm::twilio
