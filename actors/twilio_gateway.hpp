#pragma once
// The outbound gateway: detached workers (own threads, own libcurl connections) that call
// Twilio. A send is retried on 429, 5xx and timeouts with full-jitter backoff (Retry-After
// wins), never on other 4xx; after a failure that may have reached Twilio, and before any
// send whose earlier attempt has no recorded outcome, it looks the message up in Twilio's list
// first, so a text is never sent twice.

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

#include "actors/opt_out_board.hpp"
#include "twilio/twilio_client.hpp"

namespace crm::actors {

/// How the gateway reaches Twilio.
struct gateway_config {
  twilio::twilio_client_config client;
  std::string from_number;
  std::string messaging_service_sid;
  std::string status_callback_url;
  double messages_per_second = 10;  ///< pacing per sending number
  int max_retries = 5;
  size_t workers = 4;
  /// Numbers opted out since their sends were decided: checked before every attempt (null: none).
  std::shared_ptr<const opt_out_board> opt_outs;
};

/// One text to send.
struct gateway_job {
  std::string message_id;
  std::string to;
  std::string body;
  std::vector<std::string> media_urls;
  std::string requested_at;    ///< ISO 8601: lookups search from this day on
  bool look_up_first = false;  ///< an earlier attempt's outcome is unknown (recovery)
  /// Sids the thread has given to other texts: a look-up passes over them, so two identical
  /// texts whose answers were both lost do not both claim the first one found.
  std::set<std::string> claimed_sids;
};

/// What became of a job.
struct gateway_result {
  /// opted_out: the number opted out before Twilio took the text, which was not sent.
  enum class kind { accepted, refused, unavailable, opted_out };
  kind result = kind::unavailable;
  twilio::twilio_message message;  ///< accepted
  std::optional<int> error_code;   ///< refused: Twilio's code
  std::string error_message;
  int http_status = 0;
  int attempts = 0;
};

/// Spawns the gateway (an actor pool). Accepts (send_atom, gateway_job) -> gateway_result,
/// (fetch_atom, sid) -> gateway_result, (list_atom, to, limit) -> std::vector<twilio_message>.
caf::actor spawn_twilio_gateway(caf::actor_system& system, const gateway_config& config);

}  // namespace crm::actors
