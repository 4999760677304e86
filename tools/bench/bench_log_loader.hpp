#pragma once
// `crm-bench conversations --load log` (the default): appends the planned threads through the
// event log, as crmd would have written them, from several appenders with group commits, then
// waits for crmd's projections to reach the head and runs VACUUM ANALYZE on the read models.
// bench_read_model_loader.hpp is the other way in, straight into the read models.

#include <string>
#include <vector>

#include "tools/bench/bench_thread_history.hpp"

namespace crm::cli {

/// Appends `plans` through the log of `database_url` from `appenders` connections, ~`batch_events`
/// events a group commit, and waits up to `projection_timeout` seconds for the projections;
/// prints the rates, throws when an append fails or the projections do not reach the head.
void load_through_log(const std::string& database_url, const std::vector<thread_plan>& plans, long appenders,
                      long batch_events, long projection_timeout);

}  // namespace crm::cli
