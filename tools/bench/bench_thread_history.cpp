#include "tools/bench/bench_thread_history.hpp"

#include <array>
#include <chrono>
#include <optional>

#include "domain/iso_time.hpp"
#include "domain/json_object.hpp"
#include "eventlog/uuid.hpp"
#include "tools/bench/bench_contact_generator.hpp"

namespace crm::cli {
namespace {

constexpr std::int64_t minute_ms = 60'000;
constexpr std::int64_t year_ms = 365LL * 24 * 60 * minute_ms;

constexpr std::array<const char*, 10> inbound_texts = {"Hi, is the house on Elm St still available?",
                                                       "Can we see it Saturday around 11?",
                                                       "Thanks! What's the HOA fee?",
                                                       "We'd like to make an offer",
                                                       "Running 10 minutes late, sorry",
                                                       "Yes that works",
                                                       "Could you send the disclosures again?",
                                                       "Got it, thank you",
                                                       "Is the price negotiable?",
                                                       "Call me when you can"};
constexpr std::array<const char*, 10> outbound_texts = {"Hi! Yes it is, would you like to schedule a showing?",
                                                        "Saturday 11am is booked, see you there",
                                                        "The HOA is $325/month and covers water and trash",
                                                        "Great, I'll draft it tonight and send it for signature",
                                                        "No problem, I'm at the front door",
                                                        "Perfect, confirmed",
                                                        "Sent to your email just now",
                                                        "You're welcome! Let me know if anything else comes up",
                                                        "The sellers are open to offers near asking",
                                                        "Calling you in 5"};

/// splitmix64: cheap, deterministic, well mixed; the generator needs no state across threads.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string iso(std::int64_t ms) {
  return domain::format_iso8601(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
}

std::string twilio_sid(std::uint64_t a, std::uint64_t b) {
  char sid[35];
  std::snprintf(sid, sizeof sid, "SM%016llx%016llx", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return sid;
}

eventlog::new_event event(const char* type, std::string data) {
  return eventlog::new_event{eventlog::random_uuid(), type, std::move(data)};
}

/// Collects a thread's events into requests of bounded size.
class request_builder {
public:
  request_builder(std::string stream, int limit) : stream_(std::move(stream)), limit_(limit) {}
  void add(eventlog::new_event e) {
    if (out_.empty() || static_cast<int>(out_.back().streams.back().events.size()) >= limit_)
      out_.push_back({{{stream_, eventlog::expected::any, {}}}});
    out_.back().streams.back().events.push_back(std::move(e));
  }
  std::vector<eventlog::append_request> take() { return std::move(out_); }

private:
  std::string stream_;
  int limit_;
  std::vector<eventlog::append_request> out_;
};

}  // namespace

std::vector<thread_plan> plan_threads(long threads, long messages, long big_thread, std::int64_t now_ms) {
  std::vector<thread_plan> plans(static_cast<std::size_t>(threads));
  long rest = threads > 1 ? messages - big_thread : messages;
  long others = std::max(1L, threads - 1);
  long average = rest / others;
  for (long i = 0; i < threads; ++i) {
    auto h = mix(static_cast<std::uint64_t>(i));
    auto& p = plans[static_cast<std::size_t>(i)];
    p.index = i;
    p.has_contact = h % 10 != 0;
    // Recency skews towards the present: most conversations were active in the last weeks.
    double u = static_cast<double>((h >> 8) % 1'000'000) / 1e6;
    p.last_at_ms = now_ms - static_cast<std::int64_t>(u * u * u * static_cast<double>(year_ms)) - 5 * minute_ms;
    if (i == 0 && threads > 1) {
      p.messages = big_thread;
      continue;
    }
    // Pairs of threads are lighter and heavier by the same amount, so the total stays exact.
    long spread = static_cast<long>((mix(static_cast<std::uint64_t>(i | 1)) >> 20) %
                                    static_cast<std::uint64_t>(average * 9 / 10 + 1));
    p.messages = average + ((i % 2 == 1) ? spread : -spread);
  }
  if (threads > 1 && (threads - 1) % 2 == 1) plans.back().messages = average;  // an unpaired last thread
  long total = 0;
  for (auto& p : plans) total += p.messages;
  plans.back().messages += messages - total;  // the division's remainder
  return plans;
}

std::vector<std::string> bench_texts(bool inbound) {
  const auto& texts = inbound ? inbound_texts : outbound_texts;
  return {texts.begin(), texts.end()};
}

std::vector<eventlog::append_request> thread_appends(const thread_plan& plan, int events_per_request) {
  auto phone = bench_contact_phone(plan.index);
  std::vector<eventlog::append_request> out;
  std::string contact_id;
  if (plan.has_contact) {
    contact_id = eventlog::random_uuid();
    auto first_at = iso(plan.last_at_ms - plan.messages * 90 * minute_ms - 60 * minute_ms);
    // bench_contact_json is the API's body; the actor adds these members before it records it.
    auto contact = bench_contact_json(plan.index);
    contact.pop_back();
    contact += ",\"_id\":\"" + contact_id + "\",\"createdAt\":\"" + first_at + "\",\"updatedAt\":\"" + first_at + "\"}";
    std::string created = "{\"contactId\":\"" + contact_id + "\",\"contact\":" + contact + "}";
    domain::json_object linked;
    linked.add("contactId", contact_id).add("phone", phone);
    out.push_back({{{"contact-" + contact_id, eventlog::expected::no_stream, {event("ContactCreated", created)}},
                    {"thread-" + phone, eventlog::expected::any, {event("ContactLinked", linked.text())}}}});
  }
  request_builder texts("thread-" + phone, events_per_request);
  auto seed = mix(static_cast<std::uint64_t>(plan.index) + 0x5eed);
  for (long m = 0; m < plan.messages; ++m) {
    auto h = mix(seed + static_cast<std::uint64_t>(m));
    // Texts come about an hour and a half apart on average, the newest at last_at.
    auto at_ms = plan.last_at_ms - (plan.messages - 1 - m) * 90 * minute_ms + static_cast<std::int64_t>(h % 600'000);
    auto at = iso(at_ms);
    if (h % 2 == 0) {
      auto sid = twilio_sid(seed, static_cast<std::uint64_t>(m));
      domain::json_object text;
      text.add("messageId", sid)
          .add("sid", sid)
          .add("from", phone)
          .add("to", bench_our_number)
          .add("body", inbound_texts[(h >> 8) % inbound_texts.size()])
          .add("mediaUrls", std::vector<std::string>{})
          .add("mediaTypes", std::vector<std::string>{})
          .add("numSegments", 1)
          .add("numMedia", 0)
          .add_if("contactId", contact_id)
          .add("receivedAt", at);
      texts.add(event("InboundMessageReceived", text.text()));
      continue;
    }
    auto id = eventlog::random_uuid();
    auto sid = twilio_sid(seed ^ 0xabcdef, static_cast<std::uint64_t>(m));
    domain::json_object requested;
    requested.add("messageId", id)
        .add("to", phone)
        .add("from", bench_our_number)
        .add("body", outbound_texts[(h >> 8) % outbound_texts.size()])
        .add("mediaUrls", std::vector<std::string>{})
        .add("purpose", "conversation")
        .add("sentBy", "agent@example.com")
        .add_if("contactId", contact_id)
        .add("requestedAt", at);
    texts.add(event("OutboundMessageRequested", requested.text()));
    auto accepted_at = iso(at_ms + 300);
    domain::json_object accepted;
    accepted.add("messageId", id)
        .add("sid", sid)
        .add("status", "queued")
        .add("numSegments", 1)
        .add("twilioCreatedAt", accepted_at)
        .add("at", accepted_at);
    texts.add(event("MessageAcceptedByTwilio", accepted.text()));
    auto delivered_at = iso(at_ms + 4'000);
    domain::json_object delivered;
    delivered.add("messageId", id)
        .add("sid", sid)
        .add("status", "delivered")
        .add("errorCode", std::optional<int>{})
        .add("errorMessage", "")
        .add("at", delivered_at)
        .add("deliveredAt", delivered_at);
    texts.add(event("MessageStatusChanged", delivered.text()));
  }
  for (auto& r : texts.take()) out.push_back(std::move(r));
  return out;
}

}  // namespace crm::cli
