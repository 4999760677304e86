#pragma once
// Recomputes the event log's hash chain (migrations/0005_hash_chain.sql) outside the database,
// so a verdict does not rest on the database's own code.

#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/pqxx>

namespace crm::cli {

/// The first link that does not hold.
struct broken_link {
  std::int64_t position = 0;  ///< the event whose stored hash is wrong or missing (or the head's position)
  std::string reason;
};

/// What verify_log_chain found.
struct chain_report {
  std::int64_t chain_start_position = 0;  ///< events at or below it predate the chain
  std::int64_t uncovered_events = 0;      ///< how many events predate the chain
  std::int64_t verified_events = 0;       ///< hashed events whose links were checked
  std::int64_t first_position = 0;        ///< first hashed event (0 when none)
  std::int64_t last_position = 0;         ///< last hashed event (0 when none)
  std::string head_hash_hex;              ///< hash of the last event, to be kept outside the database
  std::int64_t broken_links = 0;          ///< how many links failed in all
  std::optional<broken_link> first_broken;
  /// True when every link holds.
  bool intact() const { return !first_broken.has_value(); }
};

/// Walks the whole log in position order in one snapshot; throws pqxx errors when the database fails.
chain_report verify_log_chain(pqxx::connection& connection);

}  // namespace crm::cli
