#include "tools/bench/bench_pgbench.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <vector>

extern char** environ;

namespace crm::cli {
namespace {

constexpr const char* create_bench_insert =
    "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, v jsonb)";
constexpr const char* drop_bench_insert = "DROP TABLE IF EXISTS bench_insert";
constexpr const char* insert_script = "INSERT INTO bench_insert (v) VALUES ('{\"n\":1}');\n";

bool executable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

// Runs argv with stdout and stderr into one pipe; returns the exit status (-1: did not start).
int run_capture(const std::vector<std::string>& argv, std::string& output) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return -1;
  }
  char buffer[4096];
  ssize_t n;
  while ((n = read(fds[0], buffer, sizeof buffer)) > 0) output.append(buffer, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

std::string find_pgbench() {
  if (const char* path = std::getenv("PATH")) {
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':'))
      if (!dir.empty() && executable(dir + "/pgbench")) return dir + "/pgbench";
  }
  const std::string fallback = "/usr/lib/postgresql/15/bin/pgbench";
  return executable(fallback) ? fallback : "";
}

void create_insert_table(pqxx::connection& connection) {
  pqxx::nontransaction tx(connection);
  tx.exec(create_bench_insert);
}

void drop_insert_table(pqxx::connection& connection) {
  pqxx::nontransaction tx(connection);
  tx.exec(drop_bench_insert);
}

pgbench_result run_pgbench_inserts(const std::string& pgbench, const std::string& database_url, int seconds,
                                   int clients, int threads) {
  pgbench_result result;
  char script[] = "/tmp/crm-bench-pgbench-XXXXXX";
  int fd = mkstemp(script);
  if (fd < 0) {
    result.output = "cannot create a pgbench script file in /tmp";
    return result;
  }
  std::string text = insert_script;
  bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  if (!written) {
    unlink(script);
    result.output = "cannot write the pgbench script";
    return result;
  }
  // pgbench reads its last argument as the database name, which libpq expands when it is a URL.
  int rc = run_capture({pgbench, "-n", "-c", std::to_string(clients), "-j", std::to_string(threads), "-T",
                        std::to_string(seconds), "-f", script, database_url},
                       result.output);
  unlink(script);
  auto at = result.output.find("tps = ");
  if (rc != 0 || at == std::string::npos) return result;
  result.tps = std::strtod(result.output.c_str() + at + 6, nullptr);
  const std::string processed = "number of transactions actually processed: ";
  if (auto n = result.output.find(processed); n != std::string::npos)
    result.transactions = std::strtol(result.output.c_str() + n + processed.size(), nullptr, 10);
  result.ok = result.tps > 0;
  return result;
}

}  // namespace crm::cli
