#pragma once
// A reply as a value, and the one place that writes it to Pistache: keep-alive set explicitly
// (Pistache 0.0.5 otherwise closes HTTP/1.1 connections that sent no Connection header), and
// the exception a vanished client causes swallowed, since replies are also sent from
// background threads long after the request arrived.

#include <pistache/http.h>

#include <string>
#include <utility>
#include <vector>

namespace crm::twilio_sim {

/// An HTTP reply.
struct sim_reply {
  /// Status code.
  int status = 200;
  /// Body.
  std::string body;
  /// Content-Type.
  std::string content_type = "application/json";
  /// Extra headers (Retry-After, WWW-Authenticate, ...).
  std::vector<std::pair<std::string, std::string>> headers;
};

/// A JSON reply in Twilio's error shape.
sim_reply twilio_error_reply(int status, int code, const std::string& message);

/// Whether the client wants the connection kept open after this request.
bool wants_keep_alive(const Pistache::Http::Request& request);

/// Sends `reply`; never throws.
void send_reply(Pistache::Http::ResponseWriter& writer, const sim_reply& reply, bool keep_alive);

}  // namespace crm::twilio_sim
