// crmctl verify-log: recomputes the log's hash chain and reports the first broken link.
// Exit status: 0 intact, 1 broken, 2 usage or connection error.

#include <cstdio>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "tools/crmctl/command_registry.hpp"
#include "tools/crmctl/database_url.hpp"
#include "tools/crmctl/verify_log_chain.hpp"

namespace {

constexpr const char* usage = "verify-log";

int run(const std::vector<std::string>& args) {
  if (!args.empty()) {
    if (args[0] == "--help" || args[0] == "-h") {
      std::printf("usage: crmctl %s\n", usage);
      return 0;
    }
    std::fprintf(stderr, "verify-log: unexpected argument %s\nusage: crmctl %s\n", args[0].c_str(), usage);
    return 2;
  }
  crm::cli::chain_report report;
  try {
    pqxx::connection connection(crm::cli::database_url());
    report = crm::cli::verify_log_chain(connection);
  } catch (const pqxx::undefined_table&) {
    std::fprintf(stderr, "verify-log: the log has no hash chain (migration 0005_hash_chain.sql not applied)\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "verify-log: %s\n", e.what());
    return 2;
  }
  if (report.uncovered_events > 0) {
    std::printf("%lld events up to position %lld predate the hash chain and are not covered\n",
                static_cast<long long>(report.uncovered_events), static_cast<long long>(report.chain_start_position));
  }
  if (!report.intact()) {
    std::printf("BROKEN at position %lld: %s\n%lld broken link(s) among %lld hashed events\n",
                static_cast<long long>(report.first_broken->position), report.first_broken->reason.c_str(),
                static_cast<long long>(report.broken_links), static_cast<long long>(report.verified_events));
    return 1;
  }
  std::printf("intact: %lld hashed events, positions %lld..%lld\nhead hash %s\n",
              static_cast<long long>(report.verified_events), static_cast<long long>(report.first_position),
              static_cast<long long>(report.last_position),
              report.head_hash_hex.empty() ? "(none yet)" : report.head_hash_hex.c_str());
  return 0;
}

[[maybe_unused]] const bool registered = crm::cli::register_command("verify-log", usage, run);

}  // namespace
