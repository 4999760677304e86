#pragma once
// Where each request on a connection begins and ends, checked before Pistache parses it.
// Pistache 0.0.5 answered `Content-Length: -1` and `Content-Length: 99999999999999999999` with
// 500 and a C++ exception's text (`basic_string::_M_create`, `stoull`), took the first of two
// different Content-Length headers (a proxy in front taking the other would disagree with crmd
// about where a request ends: request smuggling), and accepted header lines without a colon
// and NUL bytes. This scanner follows the connection's bytes, request head by request head,
// and refuses such a head with a 4xx whose text is ours. It also says how long the current
// head has been arriving, so slow or silent clients can be cut off.
// http/connection_guard.hpp feeds it every connection's bytes before Pistache's parser.
// Pure: no Pistache, no sockets; tests/http_unit/request_framing.test.cpp drives it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::http {

struct framing_refusal {
  int status;
  std::string message;
};

class request_framing {
public:
  using clock = std::chrono::steady_clock;

  /// Largest request head (request line and headers) accepted.
  static constexpr std::size_t max_head_bytes = 16 * 1024;

  /// `max_body_bytes`: larger declared bodies are refused 413 before they are read.
  /// `connected_at`: a new connection owes its first head from then on.
  request_framing(std::uint64_t max_body_bytes, clock::time_point connected_at);

  /// Follows `bytes` as they arrive. Answers the refusal of the first unacceptable head;
  /// after a refusal the connection is to be closed and nothing more is fed.
  std::optional<framing_refusal> feed(std::string_view bytes, clock::time_point now);

  /// Since when a request's head or body is owed and not yet complete; nullopt between
  /// requests (the connection is idle, or a request is being answered).
  std::optional<clock::time_point> waiting_since() const { return waiting_since_; }
  bool in_body() const { return body_left_ > 0; }

private:
  std::optional<framing_refusal> head_complete(clock::time_point now);

  std::uint64_t max_body_bytes_;
  std::string head_;
  std::uint64_t body_left_ = 0;
  std::optional<clock::time_point> waiting_since_;
};

}  // namespace crm::http
