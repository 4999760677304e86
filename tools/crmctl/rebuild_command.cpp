// crmctl rebuild <name>|--all [--compare-only]: rebuilds read models from the log while crmd
// keeps serving (see rebuild/rebuild_shadow.hpp). Exit status: 0 rebuilt and equal to the live model,
// 1 rebuilt but the live model differed (the differences are printed; the rebuilt tables,
// a replay of the log, replaced it unless --compare-only), 2 usage or connection error.

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "projections/all_projections.hpp"
#include "tools/crmctl/command_registry.hpp"
#include "tools/crmctl/database_url.hpp"
#include "tools/crmctl/rebuild/rebuild_shadow.hpp"

namespace crm::cli {
namespace {

constexpr const char* usage = "rebuild <projection>|--all [--compare-only]";

// One rebuild at a time: two would drop each other's shadow tables.
constexpr const char* try_lock_rebuilds = "SELECT pg_try_advisory_lock(7263511)";

int run(const std::vector<std::string>& args) {
  std::string name;
  bool all = false, swap = true;
  for (auto& arg : args) {
    if (arg == "--help" || arg == "-h") {
      std::printf("usage: crmctl %s\n", usage);
      return 0;
    }
    if (arg == "--all") {
      all = true;
    } else if (arg == "--compare-only") {
      swap = false;
    } else if (!arg.empty() && arg[0] != '-' && name.empty()) {
      name = arg;
    } else {
      std::fprintf(stderr, "rebuild: unexpected argument %s\nusage: crmctl %s\n", arg.c_str(), usage);
      return 2;
    }
  }
  auto projections = projections::all_projections();
  std::vector<projections::projection*> chosen;
  for (auto& p : projections)
    if (all || p->name() == name) chosen.push_back(p.get());
  if (all == !name.empty() || chosen.empty()) {
    std::fprintf(stderr, "rebuild: name one projection or --all; projections:");
    for (auto& p : projections) std::fprintf(stderr, " %s", p->name().c_str());
    std::fprintf(stderr, "\nusage: crmctl %s\n", usage);
    return 2;
  }
  int status = 0;
  try {
    pqxx::connection connection(database_url());
    {
      pqxx::nontransaction tx(connection);
      if (!tx.exec1(try_lock_rebuilds)[0].as<bool>()) {
        std::fprintf(stderr, "rebuild: another rebuild is running\n");
        return 2;
      }
    }
    for (auto* projection : chosen) {
      auto outcome = rebuild_projection(connection, *projection, swap);
      double rate = outcome.replay_seconds > 0 ? outcome.events_replayed / outcome.replay_seconds : 0;
      std::printf("%s: replayed %lld events to position %lld in %.2f s (%.0f events/s); %lld row difference(s)%s\n",
                  projection->name().c_str(), static_cast<long long>(outcome.events_replayed),
                  static_cast<long long>(outcome.position), outcome.replay_seconds, rate,
                  static_cast<long long>(outcome.differences), outcome.swapped ? "; swapped in" : "; not swapped");
      for (auto& example : outcome.examples) std::printf("  %s\n", example.c_str());
      if (outcome.differences > 0) status = 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rebuild: %s\n", e.what());
    return 2;
  }
  return status;
}

[[maybe_unused]] const bool registered = register_command("rebuild", usage, run);

}  // namespace
}  // namespace crm::cli
