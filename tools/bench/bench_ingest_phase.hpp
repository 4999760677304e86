#pragma once
// One phase of `crm-bench ingest` (bench_ingest_command.cpp): signed inbound webhooks over N
// keep-alive connections for a while, as a closed loop or paced (an open loop), and what the
// phase saw: answers, latencies, TCP connections and the machine's CPU.

#include <map>
#include <string>
#include <vector>

#include "tools/bench/bench_cpu_usage.hpp"
#include "tools/bench/bench_latency.hpp"
#include "tools/bench/bench_webhook_sender.hpp"

namespace crm::cli {

/// What one phase (closed or open loop) saw, all connections together.
struct phase_result {
  double seconds = 0;
  long ok = 0;
  std::map<long, long> other_statuses;
  latency_summary latency;
  long connections = 0;
  cpu_usage cpu;  ///< the whole machine's, while the phase ran
  long requests() const {
    long n = ok;
    for (auto& [status, count] : other_statuses) n += count;
    return n;
  }
  double rate() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
};

struct ingest_setup {
  webhook_target target;
  const twilio::signature_validator* signer = nullptr;
  unsigned long long run_id = 0;
  unsigned long long senders = 0;
  int connections = 0;
  int seconds = 0;
  int sending_threads = 2;  ///< event loops driving the connections (pgbench's -j is 2 too)
};

/// Runs `connections` keep-alive connections for `seconds`, driven by `sending_threads` event
/// loops. `rate` 0 is a closed loop (each connection sends as soon as its answer arrives);
/// otherwise requests are scheduled at `rate` per second in all and latency counts from the
/// scheduled start. `phase` keeps sids of phases apart. The sids answered 200 are added to
/// `answered_200`.
phase_result run_phase(const ingest_setup& setup, double rate, unsigned long long phase,
                       std::vector<std::string>& answered_200);

/// Prints a phase's rate, latencies, other answers and CPU per webhook under `name`.
void print_phase(const char* name, const phase_result& r);

}  // namespace crm::cli
