// Operations: /healthz (process up), /readyz (database, migrations, projections caught up),
// /metrics (Prometheus text).

#include <atomic>

#include <spdlog/spdlog.h>

#include "eventlog/log_reader.hpp"
#include "eventlog/migrator.hpp"
#include "http/app.hpp"

namespace crm::http {
namespace {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
namespace Routes = Pistache::Rest::Routes;

// Projections further behind the log than this are "not caught up" for /readyz.
constexpr std::int64_t ready_lag_bound = 1000;

std::atomic<long> ready_checks{0};

void readyz(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  ++ready_checks;
  auto reached = a.watch->position();
  auto migrations_dir = a.config.migrations_dir;
  a.queries->submit([out, reached, migrations_dir](pqxx::connection* c) {
    if (!c)
      return out->json(
          503, "{\"success\":false,\"error\":\"The database is unreachable\",\"code\":\"database_unavailable\"}");
    try {
      if (!eventlog::migrations_current(*c, migrations_dir))
        return out->json(503, "{\"success\":false,\"error\":\"Migrations are not applied\",\"code\":\"not_migrated\"}");
      std::int64_t head;
      {
        pqxx::read_transaction tx(*c);
        head = eventlog::head_position(tx);
      }
      auto lag = head - reached;
      std::string body = "{\"success\":" + std::string(lag <= ready_lag_bound ? "true" : "false") +
                         ",\"position\":" + std::to_string(head) + ",\"projectionLag\":" + std::to_string(lag) + "}";
      out->json(lag <= ready_lag_bound ? 200 : 503, body);
    } catch (const std::exception& e) {
      // PostgreSQL's own words go to the log, not to whoever asked: they name hosts and roles.
      spdlog::warn("readiness check failed: {}", e.what());
      out->error(503, "The database is unavailable", "database_unavailable");
    }
  });
}

void metrics(app& a, const Request& request, ResponseWriter writer) {
  auto out = respond_to(request, std::move(writer));
  std::string body;
  body += "# HELP crm_projection_position Log position the read models have reached.\n";
  body += "# TYPE crm_projection_position gauge\n";
  body += "crm_projection_position " + std::to_string(a.watch->position()) + "\n";
  body += "# HELP crm_ready_checks_total Calls of /readyz.\n# TYPE crm_ready_checks_total counter\n";
  body += "crm_ready_checks_total " + std::to_string(ready_checks.load()) + "\n";
  out->send(200, body, "text/plain; version=0.0.4");
}

}  // namespace

void add_ops_routes(Pistache::Rest::Router& router, app& a) {
  Routes::Get(router, "/healthz", [](const Request& r, ResponseWriter w) {
    respond_to(r, std::move(w))->json(200, "{\"success\":true,\"status\":\"up\"}");
    return Pistache::Rest::Route::Result::Ok;
  });
  Routes::Get(router, "/readyz", route_to(a, readyz));
  Routes::Get(router, "/metrics", route_to(a, metrics));
}

}  // namespace crm::http
