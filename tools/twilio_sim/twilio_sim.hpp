#pragma once
// The Twilio simulator: an HTTP server speaking the Messages subset of Twilio's REST API
// (twilio-contract.md), which plays each message's life through signed status callbacks and
// texts the CRM as a phone would. Tests run it in-process; `crmctl twilio-sim` runs it alone.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace Pistache::Http {
class Endpoint;
}

namespace crm::twilio_sim {

/// The account sid the simulator answers to unless told otherwise.
inline constexpr const char* default_account_sid = "AC00000000000000000000000000000001";
/// The auth token the simulator checks and signs with unless told otherwise.
inline constexpr const char* default_auth_token = "simulator-auth-token";

/// Everything configurable about a simulator.
struct twilio_sim_options {
  /// Interface to listen on.
  std::string host = "127.0.0.1";
  /// Port; 0 picks a free one (read it back with twilio_sim::port()).
  std::uint16_t port = 8081;
  /// The Basic auth user, and the AccountSid in paths and webhooks.
  std::string account_sid = default_account_sid;
  /// The Basic auth password and the webhook signing key.
  std::string auth_token = default_auth_token;
  /// The number texts from /sim/inbound are sent to, by default.
  std::string phone_number = "+15005550006";
  /// The CRM's PUBLIC_BASE_URL; inbound webhooks go to <crm_url>/api/crm/sms/webhook.
  std::string crm_url = "http://127.0.0.1:8080";
  /// Pause between a message's status steps (sending, sent, delivered).
  std::chrono::milliseconds callback_delay{100};
  /// Added to the real time for every date the simulator gives: tests shift crmd's clock (quiet
  /// hours) and shift Twilio's with it, so both tell the same time.
  std::chrono::seconds clock_offset{0};
  /// Pistache reactor threads.
  int threads = 2;
  /// Largest accepted request body.
  std::size_t max_request_size = 1 << 20;
};

struct sim_state;

/// A running (or stopped) simulator.
class twilio_sim {
public:
  /// A simulator with `options`; nothing listens until start().
  explicit twilio_sim(twilio_sim_options options);
  /// Stops it.
  ~twilio_sim();
  twilio_sim(const twilio_sim&) = delete;
  twilio_sim& operator=(const twilio_sim&) = delete;

  /// Binds and serves on background threads; false with `error` set when it cannot bind.
  bool start(std::string* error = nullptr);

  /// Stops serving and drops pending callbacks and held replies; idempotent.
  void stop();

  /// The bound port (meaningful after start()).
  std::uint16_t port() const { return port_; }

  /// "http://<host>:<port>", the base URL for a twilio_client.
  std::string base_url() const;

  /// The options in use.
  const twilio_sim_options& options() const { return options_; }

private:
  twilio_sim_options options_;
  std::shared_ptr<sim_state> state_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
  std::uint16_t port_ = 0;
};

}  // namespace crm::twilio_sim
