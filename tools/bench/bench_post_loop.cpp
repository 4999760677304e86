#include "tools/bench/bench_post_loop.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "tools/bench/bench_http_client.hpp"

namespace crm::cli {
namespace {

using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

double elapsed_ms(clock_type::time_point since) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - since).count();
}

}  // namespace

load_figures post_loop(const std::string& url, const std::string& token, const std::string& path,
                       const std::function<std::string(long)>& body_of, long expected, long requests, int clients) {
  std::atomic<long> next{0}, created{0}, duplicates{0}, failed{0}, connections{0};
  std::mutex mutex;
  std::vector<double> latencies;
  std::string first_failure;
  auto client_loop = [&] {
    bench_http_client client(url);
    client.use_token(token);
    std::vector<double> mine;
    for (long i; (i = next++) < requests;) {
      auto sent = clock_type::now();
      std::string failure;
      try {
        auto r = client.post(path, body_of(i));
        mine.push_back(elapsed_ms(sent));
        if (r.status == expected) ++created;
        else if (r.status == 409) ++duplicates;  // a contact of an earlier run: not counted as loaded
        else failure = "HTTP " + std::to_string(r.status) + ": " + r.body;
      } catch (const std::exception& e) {
        failure = e.what();
      }
      if (failure.empty()) continue;
      ++failed;
      std::lock_guard<std::mutex> lock(mutex);
      if (first_failure.empty()) first_failure = failure;
    }
    connections += client.connections_opened();
    std::lock_guard<std::mutex> lock(mutex);
    latencies.insert(latencies.end(), mine.begin(), mine.end());
  };

  auto start = clock_type::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) threads.emplace_back(client_loop);
  // Progress on stderr, so a long load is visibly alive and stdout stays the report.
  std::thread progress([&] {
    for (long last = 0; next < requests;) {
      std::this_thread::sleep_for(100ms);
      auto done = created + duplicates + failed;
      if (done - last >= requests / 10 || done == requests) {
        std::fprintf(stderr, "  ... %ld of %ld (%.0f/s so far)\n", done, requests, done / (elapsed_ms(start) / 1000));
        last = done;
      }
    }
  });
  for (auto& t : threads) t.join();
  progress.join();

  load_figures f;
  f.seconds = elapsed_ms(start) / 1000;
  f.created = created;
  f.duplicates = duplicates;
  f.failed = failed;
  f.connections = connections;
  f.latency = summarize(latencies);
  f.first_failure = first_failure;
  return f;
}

}  // namespace crm::cli
