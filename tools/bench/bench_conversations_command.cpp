// crm-bench conversations (issue 5): the conversation list is a read model kept by the
// projector, so reading it should cost the same with a million messages as with ten. This
// loads 10,000 threads and 1,000,000 texts through the log (as crmd would have written them),
// waits for crmd's projections to reach the head, then times the list, a deep page, searches
// and a long thread through HTTP, and in the same run the product we replace: the list
// computed on read with a GROUP BY over the messages, straight over libpq. Last, the first page
// again with and without 200 long polls waiting, idle and woken by a trickle of texts.
// `--load read-models` writes the read models in SQL instead of going through the log.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <thread>

#include <curl/curl.h>
#include <pqxx/pqxx>

#include "eventlog/event_store.hpp"
#include "tools/bench/bench_contact_generator.hpp"
#include "tools/bench/bench_http_client.hpp"
#include "tools/bench/bench_latency.hpp"
#include "tools/bench/bench_log_loader.hpp"
#include "tools/bench/bench_long_polls.hpp"
#include "tools/bench/bench_messaging_commands.hpp"
#include "tools/bench/bench_options.hpp"
#include "tools/bench/bench_read_model_loader.hpp"
#include "tools/bench/bench_thread_history.hpp"

namespace crm::cli {
namespace {

using clock_type = std::chrono::steady_clock;

constexpr const char* usage =
    "conversations --database-url URL [--url URL --email E --password P] [--threads N] [--messages N]\n"
    "      [--big-thread N] [--load log|read-models|none] [--appenders N] [--batch-events N] [--requests N]\n"
    "      [--baseline-runs N] [--long-polls N] [--texts-per-second R] [--projection-timeout S] [--skip-load]\n"
    "  --load log (default): append through the log and wait for crmd's projections;\n"
    "  --load read-models: write the read models straight in SQL (a fresh database; reads only);\n"
    "  --load none (or --skip-load): measure what is there.";

// What the product we replace ran for its conversation list: aggregate every message on each
// read, then fetch each listed thread's last message.
constexpr const char* select_conversations_on_read =
    "SELECT g.thread_phone, g.last_at, g.message_count, g.inbound_count, last.body, last.direction, last.status "
    "FROM (SELECT thread_phone, max(created_at) AS last_at, count(*) AS message_count, "
    "             count(*) FILTER (WHERE direction = 'inbound') AS inbound_count "
    "      FROM messages_view GROUP BY thread_phone ORDER BY max(created_at) DESC LIMIT 50) g "
    "JOIN LATERAL (SELECT m.body, m.direction, m.status FROM messages_view m WHERE m.thread_phone = g.thread_phone "
    "              ORDER BY m.created_at DESC, m.position DESC LIMIT 1) last ON true "
    "ORDER BY g.last_at DESC";

/// Times `runs` calls of `once` after `warmup` untimed ones.
latency_summary time_calls(int warmup, int runs, const std::function<void()>& once) {
  for (int i = 0; i < warmup; ++i) once();
  std::vector<double> samples;
  for (int i = 0; i < runs; ++i) {
    auto start = clock_type::now();
    once();
    samples.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
  }
  return summarize(std::move(samples));
}

/// Like time_calls, but one call every `interval` (a user clicking, not a closed loop), so that a
/// phase lasts seconds and the texts of a trickle, and the long polls they wake, land in it.
latency_summary time_paced_calls(int runs, clock_type::duration interval, const std::function<void()>& once) {
  for (int i = 0; i < 5; ++i) once();
  std::vector<double> samples;
  auto next = clock_type::now();
  for (int i = 0; i < runs; ++i) {
    std::this_thread::sleep_until(next);
    auto start = clock_type::now();
    once();
    samples.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
    next = start + interval;
  }
  return summarize(std::move(samples));
}

void print_latency(const char* name, const latency_summary& s, const char* target) {
  std::printf("  %-44s p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (%zu runs)%s\n", name, s.p50_ms, s.p99_ms, s.max_ms,
              s.count, target);
}

/// GETs `path` and insists on a 200 (a fast error page would flatter the figures).
std::function<void()> get_ok(bench_http_client& client, std::string path, std::string* last_body) {
  return [&client, path = std::move(path), last_body] {
    auto r = client.get(path);
    if (r.status != 200) throw std::runtime_error(path + " answered " + std::to_string(r.status) + ": " + r.body);
    if (last_body) *last_body = std::move(r.body);
  };
}

/// The first page with and without `waiters` long polls held open, idle and then woken by
/// texts: each pair is measured back to back so that the machine's load is alike.
bool measure_long_polls(bench_http_client& client, const std::string& base_url, const std::string& database_url,
                        int waiters, double texts_per_second, long threads, int runs) {
  const std::string page = "/api/crm/sms/conversations?limit=50";
  constexpr auto interval = std::chrono::milliseconds(20);
  std::printf(
      "long polls (GET /api/crm/updates?after=<head>&timeout=30, each on its own connection), "
      "timing %s every %lld ms:\n",
      page.c_str(), static_cast<long long>(interval.count()));
  auto timed = [&] { return time_paced_calls(runs, interval, get_ok(client, page, nullptr)); };
  auto quiet = timed();
  print_latency("no long polls waiting", quiet, "");
  std::fflush(stdout);
  latency_summary idle, woken, trickle_only;
  long long answers = 0, failures = 0, texts = 0;
  {
    long_poll_crowd crowd(base_url, client.token(), waiters, eventlog::event_store(database_url).head_position());
    idle = timed();
    print_latency((std::to_string(waiters) + " long polls waiting, idle").c_str(), idle, "");
    std::fflush(stdout);
    {
      text_trickle trickle(database_url, texts_per_second, threads);
      woken = timed();
      texts = trickle.texts();
      failures += trickle.failures();
    }
    answers = crowd.answers();
    failures += crowd.failures();
    char name[96];
    std::snprintf(name, sizeof name, "%d long polls, woken by %.0f texts/s", waiters, texts_per_second);
    print_latency(name, woken, "");
    crowd.stop();
    append_one_text(database_url, 1);  // wakes the waiters so that they see stop()
  }
  {
    text_trickle trickle(database_url, texts_per_second, threads);
    trickle_only = timed();
    texts += trickle.texts();
    failures += trickle.failures();
  }
  char name[96];
  std::snprintf(name, sizeof name, "no long polls, %.0f texts/s", texts_per_second);
  print_latency(name, trickle_only, "");
  std::printf("  %lld texts appended, %lld long polls answered, %lld failed requests or appends\n", texts, answers,
              failures);
  std::printf("  p99 with/without long polls: idle %.2fx, with texts %.2fx\n", idle.p99_ms / quiet.p99_ms,
              woken.p99_ms / trickle_only.p99_ms);
  return failures == 0;
}

}  // namespace

int run_bench_conversations(const std::vector<std::string>& args) {
  bench_options options(args,
                        {"--database-url", "--url", "--email", "--password", "--threads", "--messages", "--big-thread",
                         "--load", "--appenders", "--batch-events", "--requests", "--baseline-runs",
                         "--projection-timeout", "--long-polls", "--texts-per-second"},
                        {"--skip-load"});
  if (options.help()) {
    std::printf("usage: crm-bench %s\n", usage);
    return 0;
  }
  auto threads = options.number("--threads", 10'000, 2, 1'000'000);
  auto messages = options.number("--messages", 1'000'000, 2, 100'000'000);
  auto big_thread = options.number("--big-thread", 1'000, 1, 1'000'000);
  auto appenders = options.number("--appenders", 2, 1, 64);
  auto batch_events = options.number("--batch-events", 5'000, 1, 1'000'000);
  auto requests = options.number("--requests", 300, 1, 1'000'000);
  auto baseline_runs = options.number("--baseline-runs", 20, 1, 10'000);
  auto projection_timeout = options.number("--projection-timeout", 3'600, 1, 86'400);
  auto long_polls = options.number("--long-polls", 200, 0, 10'000);
  auto texts_per_second = options.number("--texts-per-second", 5, 1, 1'000);
  auto load = options.has("--skip-load") ? std::string("none") : options.text("--load", "log");
  bool http = options.has("--url");
  if (!options.error().empty() || !options.has("--database-url") || !threads || !messages || !big_thread ||
      !appenders || !batch_events || !requests || !baseline_runs || !projection_timeout || !long_polls ||
      !texts_per_second || (load != "log" && load != "read-models" && load != "none") ||
      (http && (!options.has("--email") || !options.has("--password"))) || *big_thread >= *messages) {
    std::fprintf(stderr, "bench conversations: %s\nusage: crm-bench %s\n",
                 options.error().empty() ? "bad or missing option" : options.error().c_str(), usage);
    return 2;
  }
  auto database_url = options.text("--database-url");
  try {
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    auto plans = plan_threads(*threads, *messages, *big_thread, now_ms);
    auto big_phone = bench_contact_phone(plans[0].index);
    if (load != "none")
      std::printf("load (%s): %ld threads, %ld texts (thread %s holds %ld)\n", load.c_str(), *threads, *messages,
                  big_phone.c_str(), *big_thread);
    std::fflush(stdout);
    if (load == "log") {
      std::printf("  %ld appenders, ~%ld events a group commit\n", *appenders, *batch_events);
      load_through_log(database_url, plans, *appenders, *batch_events, *projection_timeout);
    } else if (load == "read-models") {
      auto written = load_read_models(database_url, plans);
      std::printf(
          "  wrote %lld contacts, %lld conversations and %lld messages straight into the read models "
          "(no log, no projector) in %.1f s, then VACUUM ANALYZE\n",
          written.contacts, written.conversations, written.messages, written.seconds);
    }

    int runs = static_cast<int>(*requests);
    latency_summary first_page;
    bool all_met = true;
    std::unique_ptr<bench_http_client> client;
    if (http) {
      curl_global_init(CURL_GLOBAL_DEFAULT);
      client = std::make_unique<bench_http_client>(options.text("--url"));
      client->sign_in(options.text("--email"), options.text("--password"));
      std::printf("HTTP, one keep-alive connection, %d timed requests each (target p99 <= 10 ms):\n", runs);
      auto report = [&](const char* name, const std::string& path, bool target) {
        std::string body;
        auto s = time_calls(5, runs, get_ok(*client, path, &body));
        bool met = s.p99_ms <= 10;
        if (target) all_met = all_met && met;
        print_latency(name, s, !target ? "" : met ? "  met" : "  MISSED");
        std::printf("  %-44s pagination.total %lld\n", "", json_pagination_total(body));
        return s;
      };
      first_page = report("conversations?limit=50", "/api/crm/sms/conversations?limit=50", true);
      report("conversations?limit=50&skip=5000", "/api/crm/sms/conversations?limit=50&skip=5000", true);
      report("conversations?search=okafor (a name)", "/api/crm/sms/conversations?search=okafor&limit=50", true);
      report("conversations?search=619500 (digits)", "/api/crm/sms/conversations?search=619500&limit=50", true);
      report("conversations?search=disclosures (texts)", "/api/crm/sms/conversations?search=disclosures&limit=50",
             false);
      auto escaped = "%2B" + big_phone.substr(1);
      report("messages?phoneNumber=<1,000-text thread>", "/api/crm/sms/messages?phoneNumber=" + escaped, true);
      report("  the same, skip=900 (its oldest page)", "/api/crm/sms/messages?skip=900&phoneNumber=" + escaped, false);
      std::fflush(stdout);
    }

    pqxx::connection connection(database_url);
    auto baseline = time_calls(1, static_cast<int>(*baseline_runs), [&] {
      pqxx::read_transaction tx(connection);
      auto rows = tx.exec(select_conversations_on_read);
      if (rows.size() != 50 && static_cast<long>(rows.size()) != *threads)
        throw std::runtime_error("the GROUP BY baseline returned " + std::to_string(rows.size()) + " rows");
    });
    std::printf("baseline, the list computed on read (GROUP BY over messages_view, libpq, no HTTP):\n");
    print_latency("GROUP BY + last message, limit 50", baseline, "");
    if (http) {
      double ratio50 = baseline.p50_ms / first_page.p50_ms, ratio99 = baseline.p99_ms / first_page.p99_ms;
      bool met = ratio50 >= 20 && ratio99 >= 20;
      all_met = all_met && met;
      std::printf("read model vs on-read GROUP BY, first page: %.0fx faster at p50, %.0fx at p99 (target >= 20x): %s\n",
                  ratio50, ratio99, met ? "met" : "MISSED");
      std::fflush(stdout);
      if (*long_polls > 0 &&
          !measure_long_polls(*client, options.text("--url"), database_url, static_cast<int>(*long_polls),
                              static_cast<double>(*texts_per_second), *threads, runs))
        all_met = false;
    }
    return all_met ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench conversations: %s\n", e.what());
    return 1;
  }
}

}  // namespace crm::cli
