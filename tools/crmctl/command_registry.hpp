#pragma once
// crmctl's subcommands register themselves here, so adding one is adding one file.

#include <string>
#include <vector>

namespace crm::cli {

/// A subcommand's entry point: arguments after the subcommand name; returns the exit status.
using command_fn = int (*)(const std::vector<std::string>& args);

struct command {
  std::string name;
  std::string usage;
  command_fn run;
};

/// Adds a subcommand; used from a static initialiser: `static bool r = register_command(...)`.
bool register_command(std::string name, std::string usage, command_fn run);

/// Every registered subcommand, sorted by name.
std::vector<command> registered_commands();

}  // namespace crm::cli
