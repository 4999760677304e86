// crmctl bench <name>: the benchmarks are tools, not timed tests; their figures go to
// docs/benchmarks.md. tools/benchmark runs them all against throwaway servers.

#include <cstdio>
#include <string>
#include <vector>

#include "tools/crmctl/bench_commands.hpp"
#include "tools/crmctl/bench_messaging_commands.hpp"
#include "tools/crmctl/command_registry.hpp"

namespace {

constexpr const char* usage =
    "bench append [--seconds N] [--streams N] [--database-url URL] [--migrations DIR] [--force]\n"
    "  bench contacts --url URL --email E --password P [--contacts N] [--clients N] [--requests N]\n"
    "  bench rebuild --database-url URL [--threads N] [--messages N]\n"
    "  bench ingest ... | bench conversations ...  (see crmctl bench ingest --help)";

int run(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::printf("usage: crmctl %s\n(tools/benchmark runs both against a throwaway PostgreSQL and crmd)\n", usage);
    return args.empty() ? 2 : 0;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "append") return crm::cli::run_bench_append(rest);
  if (args[0] == "contacts") return crm::cli::run_bench_contacts(rest);
  if (args[0] == "rebuild") return crm::cli::run_bench_rebuild(rest);
  if (args[0] == "ingest") return crm::cli::run_bench_ingest(rest);
  if (args[0] == "conversations") return crm::cli::run_bench_conversations(rest);
  std::fprintf(stderr, "bench: unknown benchmark '%s'\nusage: crmctl %s\n", args[0].c_str(), usage);
  return 2;
}

[[maybe_unused]] const bool registered = crm::cli::register_command("bench", usage, run);

}  // namespace
