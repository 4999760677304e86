#pragma once
// The messaging benchmarks of `crmctl bench` (issues 4 and 5): `crmctl bench ingest` and
// `crmctl bench conversations`, dispatched by bench_command.cpp.

#include <string>
#include <vector>

namespace crm::cli {

/// `crmctl bench ingest`: signed inbound webhooks per second against pgbench's INSERT rate.
int run_bench_ingest(const std::vector<std::string>& args);

/// `crmctl bench conversations`: 1,000,000 messages through the log, then read-model latencies.
int run_bench_conversations(const std::vector<std::string>& args);

}  // namespace crm::cli
