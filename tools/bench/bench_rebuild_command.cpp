// crm-bench rebuild: the rate at which `crmctl rebuild` replays the log (issue 7's target:
// at least 50,000 events/s on a 1,000,000-event log). It writes a message history into a
// throwaway log (the generator of `crm-bench conversations`), builds the live read models with the
// projector as crmd would, then rebuilds every projection with the real rebuild code and checks
// that each equals its live model. The baseline, measured in the same run, is reading the same
// events the way the rebuild reads them, and doing nothing with them: the floor no rebuild
// can beat, so the ratio shows how much of the time the projections themselves take.

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <pqxx/pqxx>

#include "eventlog/event_store.hpp"
#include "eventlog/log_reader.hpp"
#include "eventlog/migrator.hpp"
#include "projections/all_projections.hpp"
#include "projections/projector.hpp"
#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_options.hpp"
#include "tools/bench/bench_thread_history.hpp"
#include "tools/crmctl/rebuild/rebuild_shadow.hpp"

namespace crm::cli {
namespace {

using clock_type = std::chrono::steady_clock;

constexpr const char* usage =
    "rebuild --database-url URL [--threads N] [--messages N] [--migrations DIR]\n"
    "  (a throwaway database: the events it writes can never be deleted)";

constexpr std::size_t events_per_group_commit = 5000;
constexpr long big_thread_messages = 1000;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

std::int64_t load_history(const std::string& url, long threads, long messages) {
  eventlog::event_store store(url);
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  std::vector<eventlog::append_request> batch;
  std::size_t batch_events = 0;
  std::int64_t appended = 0;
  auto flush = [&] {
    for (auto& result : store.append_batch(batch))
      if (result.status != eventlog::append_status::ok) throw std::runtime_error("append failed: " + result.message);
    appended += static_cast<std::int64_t>(batch_events);
    batch.clear();
    batch_events = 0;
  };
  for (auto& plan : plan_threads(threads, messages, big_thread_messages, now_ms)) {
    for (auto& request : thread_appends(plan, 50)) {
      for (auto& stream : request.streams) batch_events += stream.events.size();
      batch.push_back(std::move(request));
      if (batch_events >= events_per_group_commit) flush();
    }
  }
  if (!batch.empty()) flush();
  return appended;
}

// Reads the whole log in the rebuild's batches and columns and touches every field, so nothing
// is optimised away.
double read_rate(const std::string& url, std::int64_t& events_read) {
  eventlog::event_store store(url);
  auto start = clock_type::now();
  std::int64_t after = 0;
  std::size_t bytes = 0;
  events_read = 0;
  for (;;) {
    auto events = store.read_all(after, 5000);
    if (events.empty()) break;
    for (auto& e : events) bytes += e.data.size() + e.metadata.size() + e.stream_id.size();
    after = events.back().position;
    events_read += static_cast<std::int64_t>(events.size());
  }
  auto seconds = seconds_since(start);
  std::printf("  baseline: read the log the way the rebuild does: %lld events (%.0f MB) in %.2f s = %.0f events/s\n",
              static_cast<long long>(events_read), static_cast<double>(bytes) / 1e6, seconds,
              static_cast<double>(events_read) / seconds);
  return static_cast<double>(events_read) / seconds;
}

int bench_rebuild(const bench_options& options) {
  auto threads = options.number("--threads", 10000, 1, 10000000);
  auto messages = options.number("--messages", 480000, 0, 100000000);
  if (!threads || !messages) {
    std::fprintf(stderr, "bench rebuild: --threads and --messages take whole numbers\nusage: crm-bench %s\n", usage);
    return 2;
  }
  const char* env_url = std::getenv("DATABASE_URL");
  auto url = options.text("--database-url", env_url ? env_url : "");
  if (url.empty()) {
    std::fprintf(stderr, "bench rebuild: give --database-url or DATABASE_URL (a throwaway database)\n");
    return 2;
  }
  pqxx::connection connection(url);
  eventlog::apply_migrations(connection, options.text("--migrations", "./migrations"));
  {
    pqxx::nontransaction tx(connection);
    if (!eventlog::log_is_empty(tx)) {
      std::fprintf(stderr, "bench rebuild: the log in this database already holds events; use a throwaway database\n");
      return 1;
    }
  }

  std::printf("bench rebuild: %ld threads, %ld texts\n", *threads, *messages);
  std::fflush(stdout);
  auto start = clock_type::now();
  auto appended = load_history(url, *threads, *messages);
  auto load_seconds = seconds_since(start);
  std::printf("  load: appended %lld events in %.1f s = %.0f events/s (group commits of ~%zu)\n",
              static_cast<long long>(appended), load_seconds, static_cast<double>(appended) / load_seconds,
              events_per_group_commit);
  std::fflush(stdout);

  start = clock_type::now();
  std::int64_t head = 0;
  {
    projections::projector live(url, projections::all_projections());
    head = live.catch_up();
  }
  auto live_seconds = seconds_since(start);
  std::printf("  live projector: all read models from empty to position %lld in %.1f s = %.0f events/s\n",
              static_cast<long long>(head), live_seconds, static_cast<double>(head) / live_seconds);
  std::fflush(stdout);

  std::int64_t events_read = 0;
  auto floor_rate = read_rate(url, events_read);
  std::fflush(stdout);

  auto all = projections::all_projections();
  bool equal = true;
  double total_seconds = 0;
  std::int64_t total_events = 0;
  for (auto& projection : all) {
    auto outcome = rebuild_projection(connection, *projection, true);
    double rate = static_cast<double>(outcome.events_replayed) / outcome.replay_seconds;
    std::printf("  rebuild %-14s %lld events in %.2f s = %.0f events/s; %lld row difference(s)\n",
                projection->name().c_str(), static_cast<long long>(outcome.events_replayed), outcome.replay_seconds,
                rate, static_cast<long long>(outcome.differences));
    std::fflush(stdout);
    equal = equal && outcome.differences == 0;
    total_seconds += outcome.replay_seconds;
    total_events += outcome.events_replayed;
  }
  double per_projection = static_cast<double>(total_events) / total_seconds;
  std::printf(
      "  rebuild rate (events replayed / replay time, over the %zu projections): %.0f events/s "
      "(target >= 50000: %s); %.2f of the read floor\n",
      all.size(), per_projection, per_projection >= 50000 ? "met" : "MISSED", per_projection / floor_rate);
  std::printf("  rebuild --all of the whole log: %.1f s for %lld events = %.0f events/s of log\n", total_seconds,
              static_cast<long long>(events_read), static_cast<double>(events_read) / total_seconds);
  if (!equal) std::printf("  REBUILT MODELS DIFFER FROM THE LIVE ONES\n");
  return equal ? 0 : 1;
}

}  // namespace

int run_bench_rebuild(const std::vector<std::string>& args) {
  bench_options options(args, {"--threads", "--messages", "--database-url", "--migrations"}, {});
  if (options.help()) {
    std::printf("usage: crm-bench %s\n", usage);
    return 0;
  }
  if (!options.error().empty()) {
    std::fprintf(stderr, "bench rebuild: %s\nusage: crm-bench %s\n", options.error().c_str(), usage);
    return 2;
  }
  try {
    return bench_rebuild(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench rebuild: %s\n", e.what());
    return 1;
  }
}

}  // namespace crm::cli
