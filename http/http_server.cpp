#include "http/http_server.hpp"

#include <spdlog/spdlog.h>

namespace crm::http {

http_server::http_server(app& a, const static_files& ui) : app_(a), ui_(ui) {
  add_ops_routes(router_, app_);
  add_auth_routes(router_, app_);
  add_contact_routes(router_, app_);
  add_sms_routes(router_, app_);
  add_conversation_routes(router_, app_);
  add_webhook_routes(router_, app_);
  add_user_routes(router_, app_);
  router_.addNotFoundHandler([this](const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter writer) {
    ui_.serve(request, std::move(writer));
    return Pistache::Rest::Route::Result::Ok;
  });
}

void http_server::start() {
  const auto& config = app_.config;
  connection_limits limits;
  limits.max_connections = static_cast<std::size_t>(config.max_connections);
  limits.max_body_bytes = max_body_bytes;
  limits.head_timeout = std::chrono::seconds(config.head_timeout_seconds);
  connections_ = std::make_shared<connection_registry>(limits);

  Pistache::Address address(config.bind_address, Pistache::Port(static_cast<uint16_t>(config.port)));
  endpoint_ = std::make_unique<Pistache::Http::Endpoint>(address);
  // Pistache 0.0.5 times a request being answered as if its next head were owed, so its
  // header and body timeouts must outlast the longest long poll (60 s); the guard times heads.
  auto options = Pistache::Http::Endpoint::options()
                     .threads(config.http_threads)
                     .maxRequestSize(2 * max_body_bytes)
                     .headerTimeout(std::chrono::seconds(90))
                     .bodyTimeout(std::chrono::seconds(90))
                     .keepaliveTimeout(std::chrono::seconds(config.connection_idle_seconds))
                     .flags(Pistache::Tcp::Options::ReuseAddr);
  endpoint_->init(options);
  endpoint_->setHandler(std::make_shared<connection_guard>(router_.handler(), connections_));
  endpoint_->serveThreaded();
  spdlog::info("listening on {}:{}", config.bind_address, config.port);
}

void http_server::shutdown() {
  if (endpoint_) endpoint_->shutdown();
}

}  // namespace crm::http
