#include "http/connection_guard.hpp"

#include <sys/socket.h>

#include <pistache/peer.h>
#include <spdlog/spdlog.h>

#include "http/pistache_handler_access.hpp"
#include "http/responder.hpp"

namespace crm::http {
namespace {

using Pistache::Tcp::Peer;

constexpr const char* connection_key = "crm.connection";

const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 431: return "Request Header Fields Too Large";
    default: return "Service Unavailable";
  }
}

const char* refusal_code(int status) {
  switch (status) {
    case 411: return "length_required";
    case 413: return "payload_too_large";
    case 431: return "headers_too_large";
    default: return "bad_request";
  }
}

// Pistache's handlers keep onInput and onConnection private; Tcp::Handler's are public.
Pistache::Tcp::Handler& as_tcp(Pistache::Http::Handler& handler) { return handler; }

}  // namespace

void refuse_connection(const std::shared_ptr<Peer>& peer, int status, const std::string& message,
                       const std::string& code) {
  std::string body = "{\"success\":false,\"error\":" + json_quote(message) + ",\"code\":" + json_quote(code) + "}";
  std::string response = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) +
                         "\r\nContent-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff"
                         "\r\nCache-Control: no-store\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  // The socket is shut down once the answer is written, on the transport's own thread, where
  // the peer is still registered: the reactor then sees it closed and removes it.
  std::weak_ptr<Peer> weak = peer;
  auto shut = [weak] {
    if (auto p = weak.lock()) ::shutdown(p->fd(), SHUT_RDWR);
  };
  auto size = response.size();
  peer->send(Pistache::RawBuffer(std::move(response), size))
      .then([shut](ssize_t) { shut(); }, [shut](std::exception_ptr) { shut(); });
}

connection_registry::connection_registry(connection_limits limits)
    : limits_(limits), sweeper_([this] { sweep_until_stopped(); }) {}

connection_registry::~connection_registry() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  sweeper_.join();
}

std::shared_ptr<connection_registry::connection> connection_registry::open(const std::shared_ptr<Peer>& peer) {
  std::lock_guard lock(mutex_);
  if (open_.size() >= limits_.max_connections) forget_ended();
  if (open_.size() >= limits_.max_connections) return nullptr;
  auto c = std::make_shared<connection>(limits_.max_body_bytes, request_framing::clock::now());
  c->peer = peer;
  open_[peer->getID()] = c;
  return c;
}

void connection_registry::close(const Peer& peer) {
  std::lock_guard lock(mutex_);
  open_.erase(peer.getID());
}

void connection_registry::forget_ended() {
  // Pistache ends timed-out keep-alive connections without telling the handler; their peers
  // are gone once it has.
  for (auto it = open_.begin(); it != open_.end();) {
    if (it->second->peer.expired()) it = open_.erase(it);
    else ++it;
  }
}

void connection_registry::sweep_until_stopped() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_; })) {
    auto now = request_framing::clock::now();
    forget_ended();
    for (auto& [id, c] : open_) {
      std::lock_guard connection_lock(c->mutex);
      auto since = c->framing.waiting_since();
      if (c->closing || !since) continue;
      bool body = c->framing.in_body();
      auto allowed = body ? limits_.body_timeout : limits_.head_timeout;
      if (now - *since <= allowed) continue;
      auto peer = c->peer.lock();
      if (!peer) continue;
      c->closing = true;
      spdlog::info("closing connection {}: its request {} was not complete after {} ms", id, body ? "body" : "head",
                   allowed.count());
      refuse_connection(peer, 408,
                        std::string("The request's ") + (body ? "body" : "headers") + " did not arrive in time",
                        "request_timeout");
    }
  }
}

connection_guard::connection_guard(std::shared_ptr<Pistache::Http::Handler> router_handler,
                                   std::shared_ptr<connection_registry> registry)
    : router_handler_(std::move(router_handler)), registry_(std::move(registry)) {}

std::shared_ptr<Pistache::Tcp::Handler> connection_guard::clone() const {
  auto router_clone = std::static_pointer_cast<Pistache::Http::Handler>(router_handler_->clone());
  auto copy = std::make_shared<connection_guard>(std::move(router_clone), registry_);
  copy->setMaxRequestSize(getMaxRequestSize());
  copy->setMaxResponseSize(getMaxResponseSize());
  return copy;
}

void connection_guard::onRequest(const Pistache::Http::Request&, Pistache::Http::ResponseWriter response) {
  response.send(Pistache::Http::Code::Internal_Server_Error);
}

void connection_guard::onConnection(const std::shared_ptr<Peer>& peer) {
  // The transport is known only now (Pistache associates it after cloning).
  give_transport(*router_handler_, transport());
  router_handler_->setMaxRequestSize(getMaxRequestSize());
  router_handler_->setMaxResponseSize(getMaxResponseSize());
  as_tcp(*router_handler_).onConnection(peer);  // its request parser, which Pistache's timers read
  auto c = registry_->open(peer);
  if (!c) {
    spdlog::warn("refusing a connection: {} are open", registry_->limits().max_connections);
    c = std::make_shared<connection_registry::connection>(0, request_framing::clock::now());
    c->closing = true;
    peer->putData(connection_key, c);
    refuse_connection(peer, 503, "The server has too many open connections; try again shortly", "too_many_connections");
    return;
  }
  peer->putData(connection_key, c);
}

void connection_guard::onDisconnection(const std::shared_ptr<Peer>& peer) {
  registry_->close(*peer);
  as_tcp(*router_handler_).onDisconnection(peer);
}

void connection_guard::onInput(const char* buffer, size_t len, const std::shared_ptr<Peer>& peer) {
  auto c = std::static_pointer_cast<connection_registry::connection>(peer->tryGetData(connection_key));
  if (!c) return;
  {
    std::lock_guard lock(c->mutex);
    if (c->closing) return;
    if (auto refusal = c->framing.feed(std::string_view(buffer, len), request_framing::clock::now())) {
      c->closing = true;
      refuse_connection(peer, refusal->status, refusal->message, refusal_code(refusal->status));
      return;
    }
  }
  as_tcp(*router_handler_).onInput(buffer, len, peer);
}

}  // namespace crm::http
