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

  /// A rebuild replays the whole log into EMPTY tables. Between begin_replay() and
  /// finish_replay() a projection may keep its rows in memory across batches (no look-ups,
  /// nothing written) and write them all at the end, once each; after finish_replay() it is
  /// back to applying batches against its tables. The rows must be those apply_batch makes.
  virtual void begin_replay() {}
  /// Writes what the replay kept in memory.
  virtual void finish_replay(pqxx::work& tx) { (void)tx; }
};

}  // namespace crm::projections
