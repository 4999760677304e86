// crm-bench contacts: loads contacts through the command path of a running crmd (HTTP POST,
// so each one is decided by its actor, appended with group commit and projected before the 201)
// against the rate of a POST that touches neither actors nor the database, then measures list
// latencies through HTTP against the HTTP floor (GET /healthz), one request at a time on one
// keep-alive connection, so the figures are service times, not queueing.
//
// It needs a crmd it may fill with test contacts: tools/benchmark starts a throwaway one.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <curl/curl.h>

#include "tools/bench/bench_commands.hpp"
#include "tools/bench/bench_contact_generator.hpp"
#include "tools/bench/bench_cpu_usage.hpp"
#include "tools/bench/bench_http_client.hpp"
#include "tools/bench/bench_latency.hpp"
#include "tools/bench/bench_options.hpp"
#include "tools/bench/bench_post_loop.hpp"

namespace crm::cli {
namespace {

using clock_type = std::chrono::steady_clock;

constexpr const char* usage =
    "crm-bench contacts --url URL --email E --password P [--contacts N] [--clients N] [--requests N]\n"
    "                      [--cpu-of PID,...]\n"
    "  POSTs the segment counter (no actor, no database) as the baseline, then creates N contacts\n"
    "  (default 100000) through POST /api/crm/contacts, both from --clients keep-alive connections\n"
    "  (default 64); then times --requests (default 2000) sequential GETs each of a digit search, a\n"
    "  broad digit search, a status filter and /healthz. --cpu-of prints the CPU that local processes\n"
    "  and their children (crmd, a postmaster) used per contact loaded. CRM_ADMIN_EMAIL and\n"
    "  CRM_ADMIN_PASSWORD stand in for --email and --password. It adds contacts to that server:\n"
    "  point it at a throwaway one (tools/benchmark starts one).";

constexpr double load_target_per_second = 2000;
constexpr double p99_target_ms = 10;
constexpr int warm_up_requests = 50;
constexpr long baseline_requests = 20000;

double elapsed_ms(clock_type::time_point since) {
  return std::chrono::duration<double, std::milli>(clock_type::now() - since).count();
}

struct query_figures {
  latency_summary latency;
  long long min_total = -1;
  long long max_total = -1;
  long failed = 0;
  std::string first_failure;
};

// Times `requests` GETs, cycling through `paths`, after a warm-up that is not counted.
query_figures time_gets(bench_http_client& client, const std::vector<std::string>& paths, int requests) {
  query_figures f;
  std::vector<double> samples;
  samples.reserve(static_cast<std::size_t>(requests));
  for (int i = -warm_up_requests; i < requests; ++i) {
    const auto& path = paths[static_cast<std::size_t>(i + warm_up_requests) % paths.size()];
    auto sent = clock_type::now();
    auto r = client.get(path);
    double ms = elapsed_ms(sent);
    if (r.status != 200) {
      ++f.failed;
      if (f.first_failure.empty()) f.first_failure = path + ": HTTP " + std::to_string(r.status) + " " + r.body;
      continue;
    }
    if (i < 0) continue;
    samples.push_back(ms);
    if (path.rfind("/api/crm/contacts", 0) == 0) {
      auto total = json_pagination_total(r.body);
      f.min_total = f.min_total < 0 ? total : std::min(f.min_total, total);
      f.max_total = std::max(f.max_total, total);
    }
  }
  f.latency = summarize(std::move(samples));
  return f;
}

std::vector<std::string> contact_queries(const std::string& parameter, const std::vector<std::string>& values) {
  std::vector<std::string> paths;
  for (auto& v : values) paths.push_back("/api/crm/contacts?" + parameter + "=" + v + "&limit=50");
  return paths;
}

void print_query(const char* name, const query_figures& q, const query_figures& floor, bool judged) {
  std::printf("  %-34s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms", name, q.latency.p50_ms, q.latency.p99_ms,
              q.latency.max_ms);
  if (&q != &floor)
    std::printf("  (x%.1f / x%.1f healthz)", q.latency.p50_ms / floor.latency.p50_ms,
                q.latency.p99_ms / floor.latency.p99_ms);
  if (q.min_total >= 0) std::printf("  matches %lld-%lld", q.min_total, q.max_total);
  if (judged)
    std::printf("  [p99 <= %.0f ms: %s]", p99_target_ms, q.latency.p99_ms <= p99_target_ms ? "met" : "MISSED");
  std::printf("\n");
}

int bench_contacts(const bench_options& options) {
  auto contacts = options.number("--contacts", 100000, 0, 1000000);
  auto clients = options.number("--clients", 64, 1, 1000);
  auto requests = options.number("--requests", 2000, 1, 10000000);
  if (!contacts || !clients || !requests) {
    std::fprintf(stderr, "bench contacts: --contacts (up to 1000000), --clients and --requests take whole numbers\n");
    return 2;
  }
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v ? v : "");
  };
  auto url = options.text("--url");
  auto email = options.text("--email", env("CRM_ADMIN_EMAIL"));
  auto password = options.text("--password", env("CRM_ADMIN_PASSWORD"));
  if (url.empty() || email.empty() || password.empty()) {
    std::fprintf(stderr, "bench contacts: needs --url, --email and --password of a throwaway crmd\nusage: %s\n", usage);
    return 2;
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  std::vector<long> cpu_of;
  for (std::istringstream list(options.text("--cpu-of")); list.good();) {
    std::string pid;
    std::getline(list, pid, ',');
    if (pid.empty()) continue;
    if (pid.find_first_not_of("0123456789") != std::string::npos || process_tree_cpu_seconds(std::stol(pid)) < 0) {
      std::fprintf(stderr, "bench contacts: --cpu-of takes ids of running local processes, not %s\n", pid.c_str());
      return 2;
    }
    cpu_of.push_back(std::stol(pid));
  }

  curl_global_init(CURL_GLOBAL_DEFAULT);
  bench_http_client client(url);
  client.sign_in(email, password);

  std::printf("bench contacts: %s, %ld contacts from %ld clients, then %ld timed GETs per query\n", url.c_str(),
              *contacts, *clients, *requests);
  std::fflush(stdout);
  if (*contacts > 0) {
    // The same clients posting a request that needs no actor and no database (the segment
    // counter): what HTTP, the session check and JSON alone allow on this machine now.
    auto floor_requests = std::min(*contacts, baseline_requests);
    auto floor = post_loop(
        url, client.token(), "/api/crm/sms/segments",
        [](long) { return std::string("{\"body\":\"Your showing is at 3pm\"}"); }, 200, floor_requests,
        static_cast<int>(*clients));
    if (floor.failed > 0) {
      std::fprintf(stderr, "bench contacts: %ld baseline POSTs failed; first: %s\n", floor.failed,
                   floor.first_failure.c_str());
      return 1;
    }
    std::printf(
        "  baseline: POST /api/crm/sms/segments (HTTP, session, JSON; no actor, no database): %ld in %.1f s = %.0f/s, "
        "p50 %.1f ms, p99 %.1f ms\n",
        floor.created, floor.seconds, floor.rate(), floor.latency.p50_ms, floor.latency.p99_ms);
    std::fflush(stdout);
    std::vector<double> cpu_before;
    for (auto pid : cpu_of) cpu_before.push_back(process_tree_cpu_seconds(pid));
    auto load = post_loop(url, client.token(), "/api/crm/contacts", bench_contact_json, 201, *contacts,
                          static_cast<int>(*clients));
    std::printf("  load: %ld created in %.1f s = %.0f contacts/s (%.0f%% of the baseline's rate) [>= %.0f/s: %s]\n",
                load.created, load.seconds, load.rate(), 100 * load.rate() / floor.rate(), load_target_per_second,
                load.rate() >= load_target_per_second ? "met" : "MISSED");
    std::printf("        POST latency p50 %.1f ms, p99 %.1f ms; %ld connections for %ld clients\n", load.latency.p50_ms,
                load.latency.p99_ms, load.connections, *clients);
    for (size_t i = 0; i < cpu_of.size(); ++i) {
      std::ifstream comm("/proc/" + std::to_string(cpu_of[i]) + "/comm");
      std::string name;
      std::getline(comm, name);
      double used = process_tree_cpu_seconds(cpu_of[i]) - cpu_before[i];
      std::printf("        CPU of %s (pid %ld and its children) during the load: %.1f s = %.2f ms per contact\n",
                  name.c_str(), cpu_of[i], used, 1000 * used / static_cast<double>(std::max(1L, load.created)));
    }
    if (load.duplicates > 0) std::printf("        %ld phones already present (409), not counted\n", load.duplicates);
    if (load.failed > 0) {
      std::fprintf(stderr, "bench contacts: %ld creates failed; first: %s\n", load.failed, load.first_failure.c_str());
      return 1;
    }
  }
  std::fflush(stdout);

  int n = static_cast<int>(*requests);
  // Five digits a user might type from a number on a card: each matches a handful of contacts.
  auto narrow = contact_queries("search", {"555%2001", "555%2002", "555%2003", "555%2004", "555%2005"});
  // Area code and the start of the exchange: about one contact in a hundred.
  auto broad = contact_queries("search", {"619%20500", "619%20501", "619%20502", "619%20503", "619%20504"});
  auto status = contact_queries("status", {"new", "contacted", "qualified", "nurturing", "client", "inactive"});
  auto floor = time_gets(client, {"/healthz"}, n);
  auto narrow_q = time_gets(client, narrow, n);
  auto broad_q = time_gets(client, broad, n);
  auto status_q = time_gets(client, status, n);
  for (auto* q : {&floor, &narrow_q, &broad_q, &status_q})
    if (q->failed > 0) {
      std::fprintf(stderr, "bench contacts: %ld GETs failed; first: %s\n", q->failed, q->first_failure.c_str());
      return 1;
    }
  std::printf("  latency, %d sequential requests each on one keep-alive connection (%ld opened):\n", n,
              client.connections_opened());
  print_query("GET /healthz (HTTP floor)", floor, floor, false);
  print_query("search=555 0x (5 digits)", narrow_q, floor, true);
  print_query("search=619 50x (6 digits, broad)", broad_q, floor, true);
  print_query("status=<each of 6>", status_q, floor, true);
  return 0;
}

}  // namespace

int run_bench_contacts(const std::vector<std::string>& args) {
  bench_options options(args, {"--url", "--email", "--password", "--contacts", "--clients", "--requests", "--cpu-of"},
                        {});
  if (options.help()) {
    std::printf("usage: %s\n", usage);
    return 0;
  }
  if (!options.error().empty()) {
    std::fprintf(stderr, "bench contacts: %s\nusage: %s\n", options.error().c_str(), usage);
    return 2;
  }
  try {
    return bench_contacts(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench contacts: %s\n", e.what());
    return 1;
  }
}

}  // namespace crm::cli
