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
  router_.addNotFoundHandler([this](const Pistache::Rest::Request& request, Pistache::Http::ResponseWriter writer) {
    ui_.serve(request, std::move(writer));
    return Pistache::Rest::Route::Result::Ok;
  });
}

void http_server::start() {
  Pistache::Address address(Pistache::Ipv4::any(), Pistache::Port(static_cast<uint16_t>(app_.config.port)));
  endpoint_ = std::make_unique<Pistache::Http::Endpoint>(address);
  // Pistache's default limit is 4096 bytes. Bodies up to 1 MiB are accepted; up to 4 MiB the
  // handlers answer 413 with a JSON explanation; beyond that Pistache refuses on its own.
  auto options = Pistache::Http::Endpoint::options()
                     .threads(app_.config.http_threads)
                     .maxRequestSize(4 * max_body_bytes)
                     .flags(Pistache::Tcp::Options::ReuseAddr);
  endpoint_->init(options);
  endpoint_->setHandler(router_.handler());
  endpoint_->serveThreaded();
  spdlog::info("listening on port {}", app_.config.port);
}

void http_server::shutdown() {
  if (endpoint_) endpoint_->shutdown();
}

}  // namespace crm::http
