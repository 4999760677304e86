#pragma once
// The answers of the live-update long poll (GET /api/crm/updates). Waiting costs a callback in
// the position watch; what costs is the answer, a read of the log: one append wakes every
// browser at once, and they mostly ask from the same position. Requests for the same `after`
// that arrive while its read is still queued share that read, so 200 waiting browsers
// cost one query per change instead of 200 queued ahead of everyone else's requests.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/app.hpp"

namespace crm::http {

/// Answers long polls: one read of the log for all the requests waiting on one position.
class changes_feed : public std::enable_shared_from_this<changes_feed> {
public:
  explicit changes_feed(app& a) : app_(a) {}

  /// Answers `out` with the changes after `after` (api.md: `{success, position, changes}`).
  void answer(std::int64_t after, responder_ptr out);

private:
  /// The requests waiting for a read of `after`, no longer waiting.
  std::vector<responder_ptr> take(std::int64_t after);

  app& app_;
  std::mutex mutex_;
  std::map<std::int64_t, std::vector<responder_ptr>> waiting_;
};

}  // namespace crm::http
