#pragma once
// Headers every response carries so that browsers cannot be turned against the CRM's users:
// no content sniffing, no caching of API answers (contact data on shared machines), a
// Content-Security-Policy on HTML (no inline script, no framing: XSS and clickjacking), the
// referrer kept to our own origin, and HSTS when the server is reached over https.

#include <string>
#include <utility>
#include <vector>

namespace crm::http {

/// The policy every HTML page is served with; the UI is built to work under it (docs/ui.md).
inline constexpr const char* content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// Whether PUBLIC_BASE_URL is https (set once at start-up): cookies get Secure, responses HSTS.
void serve_as_https(bool https);
bool served_as_https();

/// The security headers for a response of `content_type`; `has_cache_control` when the handler
/// chose its own caching (static files).
std::vector<std::pair<std::string, std::string>> security_headers(const std::string& content_type,
                                                                  bool has_cache_control);

}  // namespace crm::http
