#include "tools/bench/bench_latency.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace crm::cli {
namespace {
double nearest_rank(const std::vector<double>& sorted, double fraction) {
  auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}
}  // namespace

latency_summary summarize(std::vector<double> samples_ms) {
  latency_summary s;
  if (samples_ms.empty()) return s;
  std::sort(samples_ms.begin(), samples_ms.end());
  s.count = samples_ms.size();
  s.p50_ms = nearest_rank(samples_ms, 0.50);
  s.p99_ms = nearest_rank(samples_ms, 0.99);
  s.max_ms = samples_ms.back();
  s.mean_ms = std::accumulate(samples_ms.begin(), samples_ms.end(), 0.0) / static_cast<double>(s.count);
  return s;
}

}  // namespace crm::cli
