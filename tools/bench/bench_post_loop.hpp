#pragma once
// The load phases of `crm-bench contacts` (bench_contacts_command.cpp): concurrent POSTs from
// keep-alive clients, counted as created, duplicate or failed, with their latencies.

#include <functional>
#include <string>

#include "tools/bench/bench_latency.hpp"

namespace crm::cli {

/// What one load saw, all clients together.
struct load_figures {
  long created = 0;
  long duplicates = 0;
  long failed = 0;
  double seconds = 0;
  long connections = 0;
  latency_summary latency;
  std::string first_failure;
  double rate() const { return static_cast<double>(created) / seconds; }
};

/// Each of `clients` clients takes the next request number and posts body_of(number) to `path`,
/// on its own keep-alive connection with `token`, until `requests` are sent; `expected` answers
/// count as created, 409 as a duplicate. Progress goes to stderr.
load_figures post_loop(const std::string& url, const std::string& token, const std::string& path,
                       const std::function<std::string(long)>& body_of, long expected, long requests, int clients);

}  // namespace crm::cli
