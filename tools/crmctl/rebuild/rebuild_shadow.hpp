#pragma once
// Rebuilds one projection without downtime: replays the log into shadow copies of its tables
// (schema crm_rebuild, same columns, constraints and indexes), catches up with the live
// checkpoint, then, in ONE transaction holding the live tables and the checkpoint, replays the
// last events, compares shadow and live row for row and swaps the shadow in. Readers see the
// old tables or the new ones, never a half-built model.

#include <cstdint>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "projections/projection.hpp"

namespace crm::cli {

/// What one rebuild did.
struct rebuild_outcome {
  std::int64_t position = 0;          ///< the checkpoint the rebuilt tables stand at
  std::int64_t events_replayed = 0;   ///< events read from the log (all types)
  double replay_seconds = 0;          ///< time spent replaying
  std::int64_t differences = 0;       ///< rows in live but not shadow, plus rows in shadow but not live
  std::vector<std::string> examples;  ///< the first differing rows, "table: -row" (live) or "+row" (rebuilt)
  bool swapped = false;
};

/// Rebuilds `projection` over `connection`; with `swap` false it only compares. Throws on database errors.
rebuild_outcome rebuild_projection(pqxx::connection& connection, projections::projection& projection, bool swap);

}  // namespace crm::cli
