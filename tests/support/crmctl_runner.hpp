#pragma once
// Runs the built crmctl against a database, as an operator would, for the tool tests.

#include <string>

namespace crm::testing {

/// crmctl's exit status and combined output.
struct command_result {
  int status = -1;
  std::string output;
};

/// Runs `crmctl <args>` with DATABASE_URL=url.
command_result crmctl(const std::string& url, const std::string& args);

}  // namespace crm::testing
