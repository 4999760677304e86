#include "tools/crmctl/bench_long_polls.hpp"

#include <chrono>

#include <rapidjson/document.h>

#include "eventlog/event_store.hpp"
#include "tools/crmctl/bench_http_client.hpp"
#include "tools/crmctl/bench_thread_history.hpp"

namespace crm::cli {
namespace {

using namespace std::chrono_literals;

/// The `position` of an updates answer, or -1.
std::int64_t position_of(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str(), body.size());
  if (d.HasParseError() || !d.IsObject() || !d.HasMember("position") || !d["position"].IsInt64()) return -1;
  return d["position"].GetInt64();
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// One new text on the thread of bench thread `index` (no contact event: the thread exists).
std::int64_t append_text(eventlog::event_store& store, long index) {
  thread_plan plan;
  plan.index = index;
  plan.messages = 1;
  plan.last_at_ms = now_ms();
  std::int64_t last = 0;
  for (auto& request : thread_appends(plan, 200)) {
    auto result = store.append(request);
    if (result.status != eventlog::append_status::ok) throw std::runtime_error("text append failed: " + result.message);
    last = result.last_position;
  }
  return last;
}

}  // namespace

long_poll_crowd::long_poll_crowd(const std::string& base_url, const std::string& token, int clients, std::int64_t after) {
  for (int i = 0; i < clients; ++i) {
    threads_.emplace_back([this, base_url, token, after] {
      bench_http_client client(base_url);
      client.use_token(token);
      auto position = after;
      ++started_;
      while (!stopping_) {
        try {
          auto r = client.get("/api/crm/updates?timeout=30&after=" + std::to_string(position));
          auto next = position_of(r.body);
          if (r.status != 200 || next < 0) {
            ++failures_;
            std::this_thread::sleep_for(100ms);
            continue;
          }
          ++answers_;
          position = next;
        } catch (const std::exception&) {
          ++failures_;
          std::this_thread::sleep_for(100ms);
        }
      }
    });
  }
  while (started_ < clients) std::this_thread::sleep_for(10ms);
  // The last requests are on the wire; give the server a moment to register them all.
  std::this_thread::sleep_for(500ms);
}

long_poll_crowd::~long_poll_crowd() {
  stopping_ = true;
  for (auto& t : threads_) t.join();
}

text_trickle::text_trickle(const std::string& database_url, double texts_per_second, long threads)
    : thread_([this, database_url, texts_per_second, threads] {
        eventlog::event_store store(database_url);
        auto period = std::chrono::duration<double>(1.0 / texts_per_second);
        auto next = std::chrono::steady_clock::now();
        for (long k = 1; !stopping_; ++k) {
          try {
            append_text(store, k % threads);
            ++texts_;
          } catch (const std::exception&) {
            ++failures_;
          }
          next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
          std::this_thread::sleep_until(next);
        }
      }) {}

text_trickle::~text_trickle() {
  stopping_ = true;
  thread_.join();
}

std::int64_t append_one_text(const std::string& database_url, long thread_index) {
  eventlog::event_store store(database_url);
  return append_text(store, thread_index);
}

}  // namespace crm::cli
