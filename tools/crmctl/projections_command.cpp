// crmctl projections: each read model with its checkpoint and how far it lags the log.
// Exit status: 0 listed, 2 usage or connection error.

#include <cstdio>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "eventlog/log_reader.hpp"
#include "projections/all_projections.hpp"
#include "tools/crmctl/command_registry.hpp"
#include "tools/crmctl/database_url.hpp"

namespace crm::cli {
namespace {

constexpr const char* usage = "projections";

constexpr const char* select_checkpoint =
    "SELECT position, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
    "FROM projection_checkpoints WHERE projection = $1";

int run(const std::vector<std::string>& args) {
  if (!args.empty()) {
    if (args[0] == "--help" || args[0] == "-h") {
      std::printf("usage: crmctl %s\n", usage);
      return 0;
    }
    std::fprintf(stderr, "projections: unexpected argument %s\nusage: crmctl %s\n", args[0].c_str(), usage);
    return 2;
  }
  try {
    pqxx::connection connection(database_url());
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(connection);
    auto head = eventlog::head_position(tx);
    std::printf("log head: %lld\n%-16s %12s %12s  %s\n", static_cast<long long>(head), "projection", "checkpoint",
                "lag", "updated");
    for (auto& p : projections::all_projections()) {
      auto row = tx.exec_params(select_checkpoint, p->name());
      std::int64_t checkpoint = row.empty() ? 0 : row[0][0].as<std::int64_t>();
      // Lag in events, not positions: positions may have gaps (rolled-back appends).
      auto lag = eventlog::count_events_after(tx, checkpoint);
      std::printf("%-16s %12lld %12lld  %s\n", p->name().c_str(), static_cast<long long>(checkpoint),
                  static_cast<long long>(lag), row.empty() ? "never" : row[0][1].c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "projections: %s\n", e.what());
    return 2;
  }
  return 0;
}

[[maybe_unused]] const bool registered = register_command("projections", usage, run);

}  // namespace
}  // namespace crm::cli
