#pragma once
// What stands between a public address and Pistache's parser. Every connection's bytes pass
// request_framing first, so a head Pistache 0.0.5 would misread (two Content-Lengths, a
// negative or 20-digit one, lines without a colon, NUL bytes) is refused with our own 4xx and
// the connection closed. A head not complete `head_timeout` after it was owed (a silent or
// trickling client) and a body not complete `body_timeout` after its head end the connection
// with 408, and at most `max_connections` are open at once (more get 503), so a few hundred
// slow clients cannot crowd out the rest. Idle keep-alive connections are Pistache's to end
// (its keep-alive timeout, http_server.cpp); its header timeout must stay longer than the
// longest long poll, because 0.0.5 times a request being answered as if its next head were
// owed, which is why the head timeout lives here.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <pistache/http.h>

#include "http/request_framing.hpp"

namespace crm::http {

struct connection_limits {
  std::size_t max_connections = 512;
  std::uint64_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds head_timeout{10000};
  std::chrono::milliseconds body_timeout{30000};
};

/// The open connections and their framing, shared by the guard's per-thread clones; its thread
/// ends connections whose head or body is overdue.
class connection_registry {
public:
  explicit connection_registry(connection_limits limits);
  ~connection_registry();
  connection_registry(const connection_registry&) = delete;
  connection_registry& operator=(const connection_registry&) = delete;

  struct connection {
    connection(std::uint64_t max_body, request_framing::clock::time_point now) : framing(max_body, now) {}
    std::mutex mutex;  ///< the transport thread feeds, the sweeper reads
    request_framing framing;
    bool closing = false;  ///< refused or timed out: nothing more goes to the parser
    std::weak_ptr<Pistache::Tcp::Peer> peer;
  };

  /// Registers a new connection; null when `max_connections` are open.
  std::shared_ptr<connection> open(const std::shared_ptr<Pistache::Tcp::Peer>& peer);
  void close(const Pistache::Tcp::Peer& peer);
  const connection_limits& limits() const { return limits_; }

private:
  void sweep_until_stopped();
  void forget_ended();  // with mutex_ held

  connection_limits limits_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::unordered_map<std::size_t, std::shared_ptr<connection>> open_;  // by Peer::getID()
  std::thread sweeper_;
};

/// Answers `status` with a JSON error of our words and closes the connection once it is sent.
void refuse_connection(const std::shared_ptr<Pistache::Tcp::Peer>& peer, int status, const std::string& message,
                       const std::string& code);

/// An Http::Handler that checks a connection's bytes and hands them to the router's handler.
/// Pistache clones it once per transport thread; each clone has its own router handler.
class connection_guard : public Pistache::Http::Handler {
public:
  connection_guard(std::shared_ptr<Pistache::Http::Handler> router_handler,
                   std::shared_ptr<connection_registry> registry);

  std::shared_ptr<Pistache::Tcp::Handler> clone() const override;
  /// Never called: requests are parsed and routed by the router's handler.
  void onRequest(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter response) override;

private:
  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;
  void onInput(const char* buffer, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer) override;

  std::shared_ptr<Pistache::Http::Handler> router_handler_;
  std::shared_ptr<connection_registry> registry_;
};

}  // namespace crm::http
