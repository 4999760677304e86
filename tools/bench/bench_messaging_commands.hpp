#pragma once
// The messaging benchmarks of `crm-bench` (issues 4 and 5): `crm-bench ingest` and
// `crm-bench conversations`, dispatched by bench_main.cpp.

#include <string>
#include <vector>

namespace crm::cli {

/// `crm-bench ingest`: signed inbound webhooks per second against pgbench's INSERT rate.
int run_bench_ingest(const std::vector<std::string>& args);

/// `crm-bench conversations`: 1,000,000 messages through the log, then read-model latencies.
int run_bench_conversations(const std::vector<std::string>& args);

}  // namespace crm::cli
