#pragma once
// Twilio's side of `crm-bench ingest`: inbound-text webhooks shaped and signed as Twilio sends
// them, posted over keep-alive connections, one request in flight on each. One sender drives its
// share of the connections from one thread with epoll; the signer is shared (signature_validator
// is immutable).
//
// The load generator shares the two cores with crmd and PostgreSQL, so what it costs, the server
// under test does not get. HTTP/1.1 is spoken over plain sockets, not libcurl (whose easy
// interface costs far more CPU per webhook), and not from a thread per connection (two context
// switches per webhook; docs/benchmarks.md): an event loop takes every answer that is ready at
// each wake-up.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "twilio/signature.hpp"

namespace crm::cli {

/// Where the webhooks go and what they claim to come from.
struct webhook_target {
  std::string url;          ///< crmd's address, e.g. http://127.0.0.1:8080
  std::string public_url;   ///< the base crmd signs against (PUBLIC_BASE_URL); usually `url`
  std::string account_sid;  ///< AccountSid in every form
  std::string to;           ///< our Twilio number, To in every form
};

/// One inbound text to post.
struct inbound_text {
  std::string sid, from, body;
};

/// When each connection sends. `interval` zero is a closed loop: a connection sends its next
/// text as soon as the answer to its last one arrives. Otherwise connection c sends its k-th
/// text at `first[c] + k * interval`, or as soon as its previous answer arrives when that is
/// later, and latency counts from the scheduled time (no coordinated omission).
struct send_schedule {
  using clock = std::chrono::steady_clock;
  std::vector<clock::time_point> first;  ///< one per connection
  clock::duration interval{0};
  clock::time_point stop;  ///< nothing is sent at or after it
};

/// Posts signed inbound webhooks over `schedule.first.size()` TCP connections, each reopened
/// only when crmd closes it.
class bench_webhook_sender {
public:
  /// The text connection `c` sends as its `k`-th.
  using text_maker = std::function<inbound_text(int c, unsigned long long k)>;
  /// An answer on connection `c`: the HTTP status (0 when none came) and the latency.
  using answer_taker = std::function<void(int c, const std::string& sid, long status, double latency_ms)>;

  /// `target.url` is http://host:port; `signer` must outlive the sender.
  bench_webhook_sender(const webhook_target& target, const twilio::signature_validator& signer);
  ~bench_webhook_sender();
  bench_webhook_sender(const bench_webhook_sender&) = delete;
  bench_webhook_sender& operator=(const bench_webhook_sender&) = delete;

  /// Sends on every connection as `schedule` says until its stop, and returns when every
  /// request sent has been answered (or has failed).
  void run(const send_schedule& schedule, const text_maker& make, const answer_taker& take);

  /// TCP connections opened so far: one per connection when keep-alive held throughout.
  long connections_opened() const { return connections_opened_; }

private:
  struct connection;
  bool open(connection& c);
  void close(connection& c);
  bool send_request(connection& c);
  /// Reads what has arrived; returns the status of a complete answer, -1 while incomplete, 0
  /// when the connection failed or closed.
  long read_answer(connection& c);
  std::string request_bytes(const inbound_text& text) const;

  const webhook_target& target_;
  const twilio::signature_validator& signer_;
  std::string host_, port_;      // from target.url
  std::string signed_endpoint_;  // public_url + path, what the signature covers
  int epoll_ = -1;
  long connections_opened_ = 0;
};

/// A MessageSid Twilio could have issued: "SM" and 32 hex digits, from a run id and a counter,
/// so sids are distinct within a run and across runs on the same database.
std::string message_sid(unsigned long long run_id, unsigned long long counter);

/// The n-th of `count` distinct valid US mobile-style numbers in E.164.
std::string sender_number(unsigned long long n, unsigned long long count);

}  // namespace crm::cli
