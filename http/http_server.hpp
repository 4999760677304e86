#pragma once
// The Pistache endpoint with every route, and the UI as the fallback.

#include <memory>

#include <pistache/endpoint.h>
#include <pistache/router.h>

#include "http/app.hpp"
#include "http/connection_guard.hpp"
#include "http/static_files.hpp"

namespace crm::http {

class http_server {
public:
  http_server(app& a, const static_files& ui);
  /// Starts serving on the configured port in background threads.
  void start();
  void shutdown();

private:
  app& app_;
  const static_files& ui_;
  Pistache::Rest::Router router_;
  std::shared_ptr<connection_registry> connections_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace crm::http
