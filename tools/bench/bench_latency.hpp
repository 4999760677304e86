#pragma once
// Latency samples and their nearest-rank percentiles, in milliseconds.

#include <cstddef>
#include <vector>

namespace crm::cli {

/// A summary of one set of latency samples.
struct latency_summary {
  std::size_t count = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  double mean_ms = 0;
};

/// Summarises `samples_ms` (nearest-rank percentiles: p99 of 2,000 samples is the 1,980th).
latency_summary summarize(std::vector<double> samples_ms);

}  // namespace crm::cli
