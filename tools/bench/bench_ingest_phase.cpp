#include "tools/bench/bench_ingest_phase.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

namespace crm::cli {
namespace {

using clock_type = std::chrono::steady_clock;

/// What one connection saw.
struct sender_tally {
  std::vector<std::string> answered_200;
  std::vector<double> latencies_ms;
  std::map<long, long> other_statuses;  // status (0: no answer) -> count
  long connections = 0;
};

double elapsed_ms(clock_type::time_point from, clock_type::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace

phase_result run_phase(const ingest_setup& setup, double rate, unsigned long long phase,
                       std::vector<std::string>& answered_200) {
  std::vector<sender_tally> tallies(static_cast<std::size_t>(setup.connections));
  // Sampled before the schedule is fixed, so reading /proc cannot make the first sends late.
  auto cpu_before = sample_cpu();
  auto start = clock_type::now() + std::chrono::milliseconds(50);
  auto interval = rate > 0 ? std::chrono::duration<double>(setup.connections / rate) : std::chrono::duration<double>(0);
  int thread_count = std::min(setup.sending_threads, setup.connections);
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      // Thread t drives connections t, t + thread_count, ...; `local` is the sender's index.
      std::vector<int> global;
      for (int c = t; c < setup.connections; c += thread_count) global.push_back(c);
      send_schedule schedule;
      schedule.interval = std::chrono::duration_cast<clock_type::duration>(interval);
      schedule.stop = start + std::chrono::seconds(setup.seconds);
      for (int c : global)
        schedule.first.push_back(start +
                                 std::chrono::duration_cast<clock_type::duration>(interval * c / setup.connections));
      bench_webhook_sender sender(setup.target, *setup.signer);
      sender.run(
          schedule,
          [&](int local, unsigned long long k) {
            unsigned long long c = static_cast<unsigned long long>(global[static_cast<size_t>(local)]);
            unsigned long long counter = (phase << 56) | (c << 40) | k;
            return inbound_text{message_sid(setup.run_id, counter),
                                sender_number(counter * 2654435761ULL, setup.senders),
                                // Names STOP without being a keyword; must not read as an opt-out either
                                // ("...to opt out" did: every text was flagged possible_opt_out).
                                "Benchmark text " + std::to_string(k) + ", reply STOP? no."};
          },
          [&](int local, const std::string& sid, long status, double latency_ms) {
            auto& tally = tallies[static_cast<size_t>(global[static_cast<size_t>(local)])];
            tally.latencies_ms.push_back(latency_ms);
            if (status == 200) tally.answered_200.push_back(sid);
            else ++tally.other_statuses[status];
          });
      // TCP connections are counted per sender; its first connection's tally carries the count.
      tallies[static_cast<size_t>(global.front())].connections = sender.connections_opened();
    });
  }
  for (auto& t : threads) t.join();
  phase_result result;
  result.cpu = cpu_between(cpu_before, sample_cpu());
  result.seconds = elapsed_ms(start, std::max(start + std::chrono::seconds(setup.seconds), clock_type::now())) / 1000.0;
  std::vector<double> all;
  for (auto& tally : tallies) {
    result.ok += static_cast<long>(tally.answered_200.size());
    for (auto& [status, n] : tally.other_statuses) result.other_statuses[status] += n;
    all.insert(all.end(), tally.latencies_ms.begin(), tally.latencies_ms.end());
    answered_200.insert(answered_200.end(), tally.answered_200.begin(), tally.answered_200.end());
    result.connections += tally.connections;
  }
  result.latency = summarize(std::move(all));
  return result;
}

void print_phase(const char* name, const phase_result& r) {
  std::printf(
      "%s: %ld answered 200 in %.1f s = %.0f webhooks/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms"
      " (%zu requests, %ld TCP connections)\n",
      name, r.ok, r.seconds, r.rate(), r.latency.p50_ms, r.latency.p99_ms, r.latency.max_ms, r.latency.count,
      r.connections);
  for (auto& [status, n] : r.other_statuses) std::printf("  %ld answered %ld\n", n, status);
  std::printf("  %s\n", describe_cpu_per_request(r.cpu, static_cast<double>(r.requests()), "webhook",
                                                 {"crmd", "postgres", "crm-bench"})
                            .c_str());
}

}  // namespace crm::cli
