#pragma once
// `crm-bench conversations --load read-models`: writes the planned threads straight into the
// read models (contacts_view, conversations_view, messages_view) in SQL, rows shaped as the
// projections write them, without the log. It exists to measure the read side at full scale
// while projecting a million texts through the log still takes the better part of an hour; the
// figures it gives say nothing about the log or the projector.

#include <string>
#include <vector>

#include "tools/bench/bench_thread_history.hpp"

namespace crm::cli {

/// What the loader wrote.
struct read_model_load {
  long long contacts = 0;
  long long conversations = 0;
  long long messages = 0;
  double seconds = 0;
};

/// Fills the (empty) read models of `database_url` with `plans`, then VACUUM ANALYZE, as
/// autovacuum would have after a load; throws when the read models already hold rows.
read_model_load load_read_models(const std::string& database_url, const std::vector<thread_plan>& plans);

}  // namespace crm::cli
