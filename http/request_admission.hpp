#pragma once
// Which requests a browser could have been tricked into sending, refused before any handler.
// A cookie rides along with every request to our host, whoever's page sends it: a form or a
// text/plain fetch from evil.example once created a contact and recorded TCPA consent with the
// victim's IP. So a change (POST, PUT, PATCH, DELETE) authenticated by the session cookie must
// come from the CRM's own origin (Origin, or Sec-Fetch-Site: same-origin when a browser sends
// no Origin), and a JSON route takes only JSON bodies: the content types a page may send
// without asking (forms, text/plain) are exactly the ones refused. A Bearer token is never
// sent by a browser on its own, so scripts using one are not affected.

#include <optional>
#include <string>

#include <pistache/router.h>

namespace crm::http {

struct admission_refusal {
  int status;
  std::string message;
  std::string code;
};

/// 403 bad_origin for a cookie-authenticated change from another origin. `public_base_url` is
/// the address the server is reached at; the Host the browser used counts as ours too.
std::optional<admission_refusal> refuse_cross_site(const Pistache::Rest::Request& request,
                                                   const std::string& public_base_url);

/// 415 for a body that is not application/json on a JSON route.
std::optional<admission_refusal> refuse_non_json(const Pistache::Rest::Request& request);

}  // namespace crm::http
