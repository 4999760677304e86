// crm-bench append: how many events/s the group-commit appender commits for N concurrent
// streams, against what PostgreSQL does with one commit per row (pgbench, 8 clients) on the
// same cluster. Every append is acknowledged only after its commit, so both figures are
// durable writes per second and their ratio is what group commit buys.
//
// The log is append-only (a trigger refuses DELETE), so the benchmark's events stay: it runs
// only against a database whose log is empty, unless told --force.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <caf/all.hpp>
#include <pqxx/pqxx>

#include "actors/log_access.hpp"
#include "actors/message_types.hpp"
#include "actors/scheduler.hpp"
#include "eventlog/log_reader.hpp"
#include "eventlog/migrator.hpp"
#include "eventlog/uuid.hpp"
#include "tools/bench/bench_append_streamer.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_latency.hpp"
#include "tools/bench/bench_options.hpp"
#include "tools/bench/bench_pgbench.hpp"

namespace crm::cli {
namespace {

using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* usage =
    "crm-bench append [--seconds N] [--streams N] [--database-url URL] [--migrations DIR] [--force]\n"
    "  Appends 1 event per request from N concurrent streams (default 64) through the group-commit\n"
    "  appender for N seconds (default 10), then runs pgbench's single-row INSERT with 8 clients\n"
    "  for as long on the same cluster. DATABASE_URL is used when --database-url is absent.\n"
    "  Refuses a database whose log already holds events unless --force: use a throwaway one.";

constexpr int pgbench_clients = 8;
constexpr int pgbench_threads = 2;
constexpr auto warm_up = 1s;

std::int64_t head_position(pqxx::connection& connection) {
  pqxx::nontransaction tx(connection);
  return eventlog::head_position(tx);
}

struct append_figures {
  double events_per_second = 0;
  double seconds = 0;
  long long events = 0;
  long long commits = 0;
  latency_summary latency;
  std::string failure;
};

// Runs the streamers for the warm-up plus `seconds`, counting only after the warm-up.
append_figures measure_appends(const std::string& url, pqxx::connection& connection, int streams, int seconds) {
  caf::actor_system_config config;
  actors::configure_scheduler(config);  // as crmd runs it
  caf::actor_system system{config};
  auto log = actors::spawn_log_access(system, url, 1);
  auto tally = std::make_shared<append_tally>();
  // A fresh prefix per run: streams start at version 0 even when --force reuses a database.
  auto prefix = "bench-" + eventlog::random_uuid().substr(0, 8) + "-";
  for (int i = 0; i < streams; ++i) spawn_append_streamer(system, log.appender, prefix + std::to_string(i), tally);

  std::this_thread::sleep_for(warm_up);
  auto p0 = head_position(connection);
  auto c0 = tally->committed.load();
  auto t0 = clock_type::now();
  tally->measuring = true;
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  auto c1 = tally->committed.load();
  auto t1 = clock_type::now();
  tally->measuring = false;
  tally->stop = true;
  auto p1 = head_position(connection);

  for (auto deadline = clock_type::now() + 60s; tally->running > 0 && clock_type::now() < deadline;)
    std::this_thread::sleep_for(10ms);
  caf::anon_send_exit(log.appender, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(log.readers, caf::exit_reason::user_shutdown);

  append_figures f;
  f.seconds = std::chrono::duration<double>(t1 - t0).count();
  f.events_per_second = static_cast<double>(c1 - c0) / f.seconds;
  {
    pqxx::nontransaction tx(connection);
    auto window = eventlog::commits_between(tx, p0, p1);
    f.events = window.events;
    f.commits = window.transactions;
  }
  std::lock_guard<std::mutex> lock(tally->mutex);
  f.latency = summarize(tally->latencies_ms);
  f.failure = tally->first_failure;
  return f;
}

int bench_append(const bench_options& options) {
  auto seconds = options.number("--seconds", 10, 1, 3600);
  auto streams = options.number("--streams", 64, 1, 100000);
  if (!seconds || !streams) {
    std::fprintf(stderr, "bench append: --seconds and --streams take a positive whole number\n%s\n", usage);
    return 2;
  }
  const char* env_url = std::getenv("DATABASE_URL");
  auto url = options.text("--database-url", env_url ? env_url : "");
  if (url.empty()) {
    std::fprintf(stderr, "bench append: give --database-url or DATABASE_URL (a throwaway database)\n");
    return 2;
  }
  auto pgbench = find_pgbench();
  if (pgbench.empty()) {
    std::fprintf(stderr, "bench append: pgbench not found in PATH or /usr/lib/postgresql/15/bin\n");
    return 1;
  }

  pqxx::connection connection(url);
  eventlog::apply_migrations(connection, options.text("--migrations", "./migrations"));
  {
    pqxx::nontransaction tx(connection);
    if (!eventlog::log_is_empty(tx) && !options.has("--force")) {
      std::fprintf(stderr,
                   "bench append: the log in this database already holds events, and the benchmark's events\n"
                   "could never be deleted from it. Use a throwaway database (tools/benchmark makes one),\n"
                   "or --force if this one is yours to spoil.\n");
      return 1;
    }
  }

  std::printf("bench append: %ld streams, 1 event per append, %ld s (after %lld s warm-up)\n", *streams, *seconds,
              static_cast<long long>(warm_up.count()));
  std::fflush(stdout);
  auto appends = measure_appends(url, connection, static_cast<int>(*streams), static_cast<int>(*seconds));
  if (!appends.failure.empty()) {
    std::fprintf(stderr, "bench append: %s\n", appends.failure.c_str());
    return 1;
  }
  std::printf("  appender:  %10.0f events/s committed (%.1f s)\n", appends.events_per_second, appends.seconds);
  if (appends.commits > 0)
    std::printf("             %10lld transactions, %.1f events per commit on average\n", appends.commits,
                static_cast<double>(appends.events) / static_cast<double>(appends.commits));
  std::printf("             append latency p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu appends)\n",
              appends.latency.p50_ms, appends.latency.p99_ms, appends.latency.max_ms, appends.latency.count);
  std::fflush(stdout);

  create_insert_table(connection);
  auto baseline = run_pgbench_inserts(pgbench, url, static_cast<int>(*seconds), pgbench_clients, pgbench_threads);
  drop_insert_table(connection);
  if (!baseline.ok) {
    std::fprintf(stderr, "bench append: pgbench failed:\n%s\n", baseline.output.c_str());
    return 1;
  }
  double ratio = appends.events_per_second / baseline.tps;
  std::printf("  pgbench:   %10.0f rows/s (single-row INSERT, one commit each, %d clients, %ld s)\n", baseline.tps,
              pgbench_clients, *seconds);
  std::printf("  ratio:     %10.2f (target >= 1.5: %s)\n", ratio, ratio >= 1.5 ? "met" : "MISSED");
  return 0;
}

}  // namespace

int run_bench_append(const std::vector<std::string>& args) {
  bench_options options(args, {"--seconds", "--streams", "--database-url", "--migrations"}, {"--force"});
  if (options.help()) {
    std::printf("usage: %s\n", usage);
    return 0;
  }
  if (!options.error().empty()) {
    std::fprintf(stderr, "bench append: %s\nusage: %s\n", options.error().c_str(), usage);
    return 2;
  }
  try {
    return bench_append(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench append: %s\n", e.what());
    return 1;
  }
}

}  // namespace crm::cli
