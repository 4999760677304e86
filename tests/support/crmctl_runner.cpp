#include "support/crmctl_runner.hpp"

#include <sys/wait.h>

#include <cstdio>

namespace crm::testing {

command_result crmctl(const std::string& url, const std::string& args) {
  std::string command = "DATABASE_URL='" + url + "' " CRM_BINARY_DIR "/tools/crmctl " + args + " 2>&1";
  command_result result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  while (auto n = fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace crm::testing
