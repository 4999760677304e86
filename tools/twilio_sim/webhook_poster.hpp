#pragma once
// Posts a signed form to the CRM the way Twilio does: application/x-www-form-urlencoded with
// X-Twilio-Signature computed over the exact URL and the params. Blocking (libcurl); call it
// from a background thread only.

#include <string>

#include "twilio/form_body.hpp"
#include "twilio/signature.hpp"

namespace crm::twilio_sim {

/// What the CRM answered; status 0 when there was no HTTP answer.
struct webhook_reply {
  /// The HTTP status, or 0.
  long status = 0;
  /// The response body.
  std::string body;
  /// The Content-Type the CRM sent.
  std::string content_type;
  /// libcurl's error when status is 0.
  std::string error;
};

/// Signs with one auth token and posts; one libcurl handle, so use from one thread at a time.
class webhook_poster {
public:
  /// A poster signing with `auth_token`; Twilio's own limits: 10 s to connect, 15 s in all.
  explicit webhook_poster(const std::string& auth_token);
  /// Closes the connection.
  ~webhook_poster();
  webhook_poster(const webhook_poster&) = delete;
  webhook_poster& operator=(const webhook_poster&) = delete;

  /// POSTs `params` to `url` with its signature.
  webhook_reply post(const std::string& url, const twilio::form_params& params);

private:
  twilio::signature_validator signer_;
  void* curl_;  // CURL*, reused so keep-alive connections to the CRM survive between posts
};

}  // namespace crm::twilio_sim
