#include "tools/bench/bench_log_loader.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include <pqxx/pqxx>

#include "eventlog/event_store.hpp"

namespace crm::cli {
namespace {

using clock_type = std::chrono::steady_clock;

constexpr const char* vacuum_read_models = "VACUUM ANALYZE contacts_view, conversations_view, messages_view";

constexpr const char* select_checkpoints =
    "SELECT projection, position FROM projection_checkpoints ORDER BY projection";

double seconds_since(clock_type::time_point from) {
  return std::chrono::duration<double>(clock_type::now() - from).count();
}

struct load_result {
  long long events = 0;
  long long failed_requests = 0;
  double seconds = 0;
};

/// Appends every planned thread; appender k writes threads k, k + n, ... on its own connection.
load_result load_threads(const std::string& database_url, const std::vector<thread_plan>& plans, int appenders,
                         int batch_events) {
  std::vector<load_result> tallies(static_cast<std::size_t>(appenders));
  std::vector<std::thread> threads;
  auto start = clock_type::now();
  for (int k = 0; k < appenders; ++k) {
    threads.emplace_back([&, k] {
      auto& tally = tallies[static_cast<std::size_t>(k)];
      eventlog::event_store store(database_url);
      std::vector<eventlog::append_request> batch;
      long long batch_size = 0;
      auto flush = [&] {
        if (batch.empty()) return;
        auto results = store.append_batch(batch);
        for (auto& r : results) tally.failed_requests += r.status != eventlog::append_status::ok;
        tally.events += batch_size;
        batch.clear();
        batch_size = 0;
      };
      for (std::size_t t = static_cast<std::size_t>(k); t < plans.size(); t += static_cast<std::size_t>(appenders)) {
        for (auto& request : thread_appends(plans[t], 200)) {
          for (auto& s : request.streams) batch_size += static_cast<long long>(s.events.size());
          batch.push_back(std::move(request));
        }
        if (batch_size >= batch_events) flush();
      }
      flush();
    });
  }
  for (auto& t : threads) t.join();
  load_result total;
  total.seconds = seconds_since(start);
  for (auto& t : tallies) {
    total.events += t.events;
    total.failed_requests += t.failed_requests;
  }
  return total;
}

/// Waits until every projection's checkpoint reaches `head`; returns false after `limit_s`.
bool wait_for_projections(const std::string& database_url, std::int64_t head, double limit_s) {
  pqxx::connection connection(database_url);
  auto start = clock_type::now();
  auto last_report = start;
  while (seconds_since(start) < limit_s) {
    pqxx::read_transaction tx(connection);
    auto rows = tx.exec(select_checkpoints);
    tx.commit();
    std::int64_t lowest = rows.empty() ? 0 : head;
    std::string behind;
    for (const auto& row : rows) {
      auto position = row[1].as<std::int64_t>();
      lowest = std::min(lowest, position);
      if (position < head) behind += std::string(" ") + row[0].c_str() + "@" + std::to_string(position);
    }
    if (lowest >= head) return true;
    if (std::chrono::duration<double>(clock_type::now() - last_report).count() >= 15) {
      std::fprintf(stderr, "  projections behind head %lld:%s\n", static_cast<long long>(head), behind.c_str());
      last_report = clock_type::now();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace

void load_through_log(const std::string& database_url, const std::vector<thread_plan>& plans, long appenders,
                      long batch_events, long projection_timeout) {
  auto load = load_threads(database_url, plans, static_cast<int>(appenders), static_cast<int>(batch_events));
  long long texts = 0;
  for (auto& p : plans) texts += p.messages;
  std::printf("  appended %lld events in %.1f s = %.0f events/s (%.0f texts/s); failed requests: %lld\n", load.events,
              load.seconds, static_cast<double>(load.events) / load.seconds, static_cast<double>(texts) / load.seconds,
              load.failed_requests);
  if (load.failed_requests != 0) throw std::runtime_error("appends failed");
  auto head = eventlog::event_store(database_url).head_position();
  auto waited_from = clock_type::now();
  std::fflush(stdout);
  if (!wait_for_projections(database_url, head, static_cast<double>(projection_timeout)))
    throw std::runtime_error("projections did not reach the head in time");
  double lag = seconds_since(waited_from);
  double projected = load.seconds + lag;
  std::printf(
      "  projections at head %lld %.1f s after the last append: %.0f events/s projected"
      " (from the first append to caught up, %.1f s)\n",
      static_cast<long long>(head), lag, static_cast<double>(load.events) / projected, projected);
  // Fresh tables have no statistics until autovacuum's first ANALYZE (a minute or so after a
  // load) and their GIN pending lists are full; measured before that, the figures describe the
  // minute after a bulk load rather than the server.
  auto vacuum_from = clock_type::now();
  pqxx::connection connection(database_url);
  pqxx::nontransaction(connection).exec0(vacuum_read_models);
  std::printf("  VACUUM ANALYZE of the read models (what autovacuum does after a load): %.1f s\n",
              seconds_since(vacuum_from));
}

}  // namespace crm::cli
