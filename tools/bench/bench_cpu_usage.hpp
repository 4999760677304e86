#pragma once
// Where the machine's CPU went while a benchmark phase ran: all of it (/proc/stat), by process
// name (/proc/<pid>/stat) and by process tree. CPU time per request is a much steadier figure
// than a rate on a shared two-core VM (rates there vary by 10% from run to run), and when both
// sides of a comparison saturate the cores, the ratio of their CPU times predicts the ratio of
// their rates.

#include <initializer_list>
#include <map>
#include <string>

namespace crm::cli {

/// Cumulative CPU seconds at one instant.
struct cpu_sample {
  double busy_seconds = 0;                ///< all cores: user, nice, system, irq, softirq, steal
  std::map<int, std::string> command_of;  ///< pid -> process name
  std::map<int, double> seconds_of;       ///< pid -> user + system seconds so far
};

/// CPU seconds spent between two samples.
struct cpu_usage {
  double busy_seconds = 0;
  std::map<std::string, double> by_command;  ///< only processes alive at the end are counted
};

/// The machine's counters now; empty (all zero) where /proc cannot be read.
cpu_sample sample_cpu();

/// What was spent from `before` to `after`: a process born in between counts from zero, one
/// that died in between is missing from by_command (but not from busy_seconds).
cpu_usage cpu_between(const cpu_sample& before, const cpu_sample& after);

/// "241 us of CPU per webhook: crmd 104, postgres 118, crm-bench 12, other 7" for `requests`
/// requests, naming the processes in `named` and summing the rest as "other"; with `named`
/// empty, only the whole machine's figure (for runs whose processes exit before the sample).
std::string describe_cpu_per_request(const cpu_usage& usage, double requests, const char* unit,
                                     std::initializer_list<const char*> named);

/// CPU seconds (user + system) of process `pid` and its children: the live ones from /proc, the
/// exited ones as the kernel adds them to their parent. A PostgreSQL postmaster's tree is the
/// cluster: backends, WAL writer, autovacuum. Negative when `pid` cannot be read.
double process_tree_cpu_seconds(long pid);

}  // namespace crm::cli
