#include "tools/bench/bench_long_polls.hpp"

#include <algorithm>
#include <chrono>

#include <sys/resource.h>
#include <unistd.h>

#include <rapidjson/document.h>

#include "domain/iso_time.hpp"
#include "domain/json_object.hpp"
#include "eventlog/event_store.hpp"
#include "eventlog/uuid.hpp"
#include "tools/bench/bench_contact_generator.hpp"
#include "tools/bench/bench_http_client.hpp"
#include "tools/bench/bench_thread_history.hpp"

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

/// A customer's text to bench thread `index`, with a fresh sid: a rerun must not repeat the
/// sids of the run before (thread_appends' sids are deterministic, made for one load).
std::int64_t append_text(eventlog::event_store& store, long index) {
  auto phone = bench_contact_phone(index);
  auto uuid = eventlog::random_uuid();
  uuid.erase(std::remove(uuid.begin(), uuid.end(), '-'), uuid.end());
  auto sid = "SM" + uuid;  // 32 hex digits, as Twilio's
  auto at = domain::format_iso8601(std::chrono::system_clock::now());
  domain::json_object text;
  text.add("messageId", sid)
      .add("sid", sid)
      .add("from", phone)
      .add("to", bench_our_number)
      .add("body", "Is it still available?")
      .add("mediaUrls", std::vector<std::string>{})
      .add("mediaTypes", std::vector<std::string>{})
      .add("numSegments", 1)
      .add("numMedia", 0)
      .add("receivedAt", at);
  eventlog::append_request request{{{"thread-" + phone,
                                     eventlog::expected::any,
                                     {{eventlog::random_uuid(), "InboundMessageReceived", text.text()}}}}};
  auto result = store.append(request);
  if (result.status != eventlog::append_status::ok) throw std::runtime_error("text append failed: " + result.message);
  return result.last_position;
}

}  // namespace

long_poll_crowd::long_poll_crowd(const std::string& base_url, const std::string& token, int clients,
                                 std::int64_t after) {
  for (int i = 0; i < clients; ++i) {
    threads_.emplace_back([this, base_url, token, after] {
      // The waiters stand for browsers on other machines: on shared cores their own side (200
      // clients reading answers and asking again) must not compete with crmd and the timed
      // client, or the figure would measure the load generator.
      setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
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
