// crmctl: dispatches to the subcommand named by the first argument.

#include <algorithm>
#include <cstdio>
#include <map>

#include "tools/crmctl/command_registry.hpp"

namespace crm::cli {
namespace {
std::map<std::string, command>& registry() {
  static std::map<std::string, command> commands;
  return commands;
}
}  // namespace

bool register_command(std::string name, std::string usage, command_fn run) {
  auto key = name;
  registry()[key] = command{std::move(name), std::move(usage), run};
  return true;
}

std::vector<command> registered_commands() {
  std::vector<command> out;
  for (auto& [name, cmd] : registry()) out.push_back(cmd);
  return out;
}
}  // namespace crm::cli

int main(int argc, char** argv) {
  using namespace crm::cli;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
    std::fprintf(stderr, "usage: crmctl <command> [options]\n\ncommands:\n");
    for (auto& cmd : registered_commands()) std::fprintf(stderr, "  %s\n", cmd.usage.c_str());
    return argc < 2 ? 2 : 0;
  }
  std::string name = argv[1];
  for (auto& cmd : registered_commands()) {
    if (cmd.name == name) return cmd.run(std::vector<std::string>(argv + 2, argv + argc));
  }
  std::fprintf(stderr, "crmctl: unknown command '%s' (try crmctl help)\n", name.c_str());
  return 2;
}
