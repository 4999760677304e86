#pragma once
// The `crm-bench` benchmarks: one entry point a benchmark, dispatched by bench_main.cpp.

#include <string>
#include <vector>

namespace crm::cli {

/// `crm-bench append`: group-commit append rate against pgbench's one-commit-per-row rate.
int run_bench_append(const std::vector<std::string>& args);

/// `crm-bench contacts`: contact load rate and list latencies through a running crmd.
int run_bench_contacts(const std::vector<std::string>& args);

/// `crm-bench rebuild`: the rebuild's replay rate on a generated log, against reading the log.
int run_bench_rebuild(const std::vector<std::string>& args);

}  // namespace crm::cli
