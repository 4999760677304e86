#pragma once
// A read model fed from the log. The projector calls apply_batch() inside the transaction that
// also moves the projection's checkpoint, so rows and checkpoint never disagree. A batch is
// applied set-based (a few statements per batch, not per event): that is what lets a catch-up
// or a rebuild run at tens of thousands of events a second.

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "eventlog/event.hpp"

namespace crm::projections {

class projection {
public:
  virtual ~projection() = default;
  /// The checkpoint's name in projection_checkpoints.
  virtual std::string name() const = 0;
  /// The tables this projection owns (what a rebuild replaces).
  virtual std::vector<std::string> tables() const = 0;
  /// Applies `events` (consecutive, in position order); events it does not care about are ignored.
  virtual void apply_batch(pqxx::work& tx, const eventlog::event_list& events) = 0;
};

}  // namespace crm::projections
