#pragma once
// Twilio's side of `crmctl bench ingest`: inbound-text webhooks shaped and signed as Twilio
// sends them (twilio-contract.md), posted over one keep-alive connection. One sender per
// thread; the signer is shared (signature_validator is immutable).
//
// HTTP/1.1 is spoken over a plain blocking socket, not libcurl: the load generator shares the
// two cores with crmd and PostgreSQL, and curl_easy_perform cost crmctl about 45 us of CPU per
// webhook (docs/benchmarks.md), CPU the server under test then did not have.

#include <string>

#include "twilio/signature.hpp"

namespace crm::cli {

/// Where the webhooks go and what they claim to come from.
struct webhook_target {
  std::string url;          ///< crmd's address, e.g. http://127.0.0.1:8080
  std::string public_url;   ///< the base crmd signs against (PUBLIC_BASE_URL); usually `url`
  std::string account_sid;  ///< AccountSid in every form
  std::string to;           ///< our Twilio number, To in every form
};

/// Posts signed inbound webhooks over one TCP connection, reopened only when crmd closes it.
class bench_webhook_sender {
public:
  /// `target.url` is http://host:port; `signer` must outlive the sender.
  bench_webhook_sender(const webhook_target& target, const twilio::signature_validator& signer);
  ~bench_webhook_sender();
  bench_webhook_sender(const bench_webhook_sender&) = delete;
  bench_webhook_sender& operator=(const bench_webhook_sender&) = delete;

  /// Posts one inbound text; returns the HTTP status, 0 when no answer came.
  long post_inbound(const std::string& sid, const std::string& from, const std::string& body);

  /// TCP connections opened so far: 1 when keep-alive held throughout.
  long connections_opened() const { return connections_opened_; }

private:
  bool connect();
  void disconnect();
  /// Reads one answer; returns its status, 0 (and disconnects) when none came.
  long read_answer();

  const webhook_target& target_;
  const twilio::signature_validator& signer_;
  std::string host_, port_;      // from target.url
  std::string signed_endpoint_;  // public_url + path, what the signature covers
  std::string received_;         // bytes read and not yet consumed
  int socket_ = -1;
  long connections_opened_ = 0;
};

/// A MessageSid Twilio could have issued: "SM" and 32 hex digits, from a run id and a counter,
/// so sids are distinct within a run and across runs on the same database.
std::string message_sid(unsigned long long run_id, unsigned long long counter);

/// The n-th of `count` distinct valid US mobile-style numbers in E.164.
std::string sender_number(unsigned long long n, unsigned long long count);

}  // namespace crm::cli
