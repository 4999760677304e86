#pragma once
// A message's delivery status under out-of-order callbacks (twilio-contract.md, "Status
// callback"). Statuses only move forward: queued < sending < sent < delivered, undelivered or
// failed, which are final; accepted and scheduled come before queued; receiving < received for
// inbound; canceled is final. A status the product does not know is kept as raw text but never
// replaces a known one, and an error code once recorded is never cleared.

#include <optional>
#include <string>
#include <string_view>

namespace crm::domain {

/// What the product records of a message's delivery.
struct delivery_state {
  std::string status;               ///< the furthest status, as Twilio spells it ("" before any)
  std::optional<int> error_code;    ///< the first error code recorded
  std::string error_message;        ///< the message that came with error_code
  std::string last_unknown_status;  ///< the latest status text the product does not know

  /// Field-wise equality, so a caller can tell whether a merge changed anything.
  bool operator==(const delivery_state& other) const;
  /// Negation of ==.
  bool operator!=(const delivery_state& other) const { return !(*this == other); }
};

/// One status report: from a callback, a fetch, or the send itself.
struct status_update {
  std::string status;
  std::optional<int> error_code;
  std::string error_message;
};

/// Whether status is one of Twilio's message statuses (lower case).
bool is_known_status(std::string_view status);

/// Whether a message never leaves status (delivered, undelivered, failed, canceled, received, read).
bool is_final_status(std::string_view status);

/// current with update merged in: the status only moves forward, a final status stays (but
/// delivered may become read), and the first error code stays.
delivery_state merge_status(const delivery_state& current, const status_update& update);

}  // namespace crm::domain
