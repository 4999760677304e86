// crm-bench <name>: the benchmarks are tools, not timed tests; their figures go to
// docs/benchmarks.md. tools/benchmark and tools/benchmark-messaging run them against throwaway
// servers. They are a binary apart from crmctl so that the operator's tool holds only what an
// operator runs.

#include <cstdio>
#include <string>
#include <vector>

#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_messaging_commands.hpp"

namespace {

constexpr const char* usage =
    "<benchmark> [options]  (crm-bench <benchmark> --help for all of its options)\n"
    "  append [--seconds N] [--streams N] [--database-url URL] [--migrations DIR] [--force]\n"
    "  contacts --url URL --email E --password P [--contacts N] [--clients N] [--requests N]\n"
    "  conversations --database-url URL [--url URL --email E --password P] [--threads N] ...\n"
    "  ingest --url URL --auth-token T --database-url URL [--seconds N] [--connections N,...] ...\n"
    "  rebuild --database-url URL [--threads N] [--messages N] [--migrations DIR]";

int run(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::printf(
        "usage: crm-bench %s\n(tools/benchmark and tools/benchmark-messaging run them against a throwaway "
        "PostgreSQL and crmd)\n",
        usage);
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "append") return crm::cli::run_bench_append(rest);
  if (args[0] == "contacts") return crm::cli::run_bench_contacts(rest);
  if (args[0] == "rebuild") return crm::cli::run_bench_rebuild(rest);
  if (args[0] == "ingest") return crm::cli::run_bench_ingest(rest);
  if (args[0] == "conversations") return crm::cli::run_bench_conversations(rest);
  std::fprintf(stderr, "crm-bench: unknown benchmark '%s'\nusage: crm-bench %s\n", args[0].c_str(), usage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) { return run(std::vector<std::string>(argv + 1, argv + argc)); }
