#pragma once
// A read model fed from the log. The projector calls apply() inside the transaction that also
// moves the projection's checkpoint, so rows and checkpoint never disagree.

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
  /// Applies one event; events the projection does not care about are ignored.
  virtual void apply(pqxx::work& tx, const eventlog::recorded_event& event) = 0;
};

}  // namespace crm::projections
